package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.media.MediaStore.ObjectInfo;
import org.openmusicbox.cloud.media.s3.S3MediaStore;

class S3MediaStoreTest {

    private static final Duration T = Duration.ofSeconds(20);
    private static TestS3 s3;
    private S3MediaStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = TestS3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void newBucket() {
        store = s3.newStore();
    }

    @Test
    void putHeadGetCopyDelete() throws Exception {
        byte[] bytes = "hello music".getBytes(StandardCharsets.UTF_8);
        store.put("a/b.txt", bytes, "text/plain", Map.of("title", "Frère Jacques", "artist", "plain"))
                .block(T);

        ObjectInfo info = store.head("a/b.txt").block(T);
        assertThat(info.size()).isEqualTo(bytes.length);
        assertThat(info.contentType()).isEqualTo("text/plain");
        assertThat(info.metadata()).containsEntry("title", "Frère Jacques").containsEntry("artist", "plain");

        Path file = store.download("a/b.txt", dir.resolve("b.txt")).block(T);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        try (InputStream in = store.open("a/b.txt").block(T)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }

        store.copy("a/b.txt", "c.txt").block(T);
        assertThat(store.head("c.txt").block(T).metadata()).containsEntry("title", "Frère Jacques");

        store.delete("a/b.txt").block(T);
        store.delete("a/b.txt").block(T);
        assertThat(store.head("a/b.txt").blockOptional(T)).isEmpty();
        assertThatThrownBy(() -> store.download("a/b.txt", dir.resolve("x")).block(T))
                .isInstanceOf(MediaStore.NoSuchObject.class);
    }

    @Test
    void presignedPutAndGet() throws Exception {
        var put = store.presignPut("incoming/x.bin", "application/octet-stream", Duration.ofMinutes(5))
                .block(T);
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(put.url())
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(store.head("incoming/x.bin").block(T).size()).isEqualTo(3);

        var get = store.presignGet("incoming/x.bin", "mon fichier.bin", Duration.ofMinutes(1))
                .block(T);
        HttpResponse<byte[]> got =
                http.send(HttpRequest.newBuilder(get.url()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).containsExactly(1, 2, 3);
    }
}
