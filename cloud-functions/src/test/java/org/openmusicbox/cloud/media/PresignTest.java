package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/** Presigned uploads (single and multipart) and downloads against s3proxy, driven with java.net.http. */
class PresignTest {

    static final Duration T = Duration.ofSeconds(60);
    static final String DEVICE = "box-1";
    static final long MAX = 100_000_000;
    static final long MIB = 1024 * 1024;

    static TestS3 s3;
    S3MediaStore media;
    PresignUpload presign;
    final HttpClient http = HttpClient.newHttpClient();

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
    void setUp() {
        media = s3.newStore();
        // multipart above 8 MiB, in 5 MiB parts, so that a test file of 12 MiB has three parts
        presign = new PresignUpload(media, MAX, Duration.ofMinutes(5), 8 * MIB, 5 * MIB);
    }

    @Test
    void smallFileGetsOneShortLivedUrl() {
        UploadUrls urls = presign.apply(new UploadUrlRequest(DEVICE, "song.mp3", 1000, "audio/mpeg"))
                .block(T);

        assertThat(urls.errorType()).isNull();
        assertThat(urls.objectKey()).startsWith("incoming/box-1/");
        assertThat(urls.url()).contains(urls.objectKey()).contains("X-Amz-Signature");
        assertThat(urls.parts()).isNull();
        assertThat(urls.contentType()).isEqualTo("audio/mpeg");
        assertThat(Instant.parse(urls.expiresAt()))
                .isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));
    }

    @Test
    void sizeAboveTheLimitIsRefused() {
        UploadUrls urls = presign.apply(new UploadUrlRequest(DEVICE, "big.wav", MAX + 1, null))
                .block(T);

        assertThat(urls.errorType()).isEqualTo("too_large");
        assertThat(urls.message()).contains("100 MB");
        assertThat(urls.url()).isNull();
    }

    @Test
    void emptyFileIsRefused() {
        assertThat(presign.apply(new UploadUrlRequest(DEVICE, "a.mp3", 0, null))
                        .block(T)
                        .errorType())
                .isEqualTo("bad_request");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/passwd",
                "a/b.mp3",
                "..\\evil.mp3",
                ".hidden.mp3",
                "..",
                "",
                " ",
                "song\u0000.mp3",
                "song\n.mp3",
                " leading.mp3"
            })
    void namesWithPathTricksAreRefused(String filename) {
        UploadUrls urls = presign.apply(new UploadUrlRequest(DEVICE, filename, 1000, null))
                .block(T);

        assertThat(urls.errorType()).isEqualTo("bad_request");
        assertThat(urls.url()).isNull();
    }

    @Test
    void badDeviceIdAndContentTypeAreRefused() {
        assertThat(presign.apply(new UploadUrlRequest("../x", "a.mp3", 10, null))
                        .block(T)
                        .errorType())
                .isEqualTo("bad_request");
        assertThat(presign.apply(new UploadUrlRequest(DEVICE, "a.mp3", 10, "audio/mpeg\r\nX: y"))
                        .block(T)
                        .errorType())
                .isEqualTo("bad_request");
    }

    @Test
    void multipartUploadThroughPresignedPartsIsProcessed() throws Exception {
        Path wav = dir.resolve("long.wav");
        TestAudio.writeWav(wav, 12 * MIB, 21);
        long size = Files.size(wav);

        UploadUrls urls = presign.apply(new UploadUrlRequest(DEVICE, "long.wav", size, "audio/wav"))
                .block(T);
        assertThat(urls.errorType()).isNull();
        assertThat(urls.url()).isNull();
        assertThat(urls.uploadId()).isNotBlank();
        assertThat(urls.partSize()).isEqualTo(5 * MIB);
        assertThat(urls.parts()).extracting(UploadUrls.Part::partNumber).containsExactly(1, 2, 3);

        List<CompleteUploadRequest.Part> done = new ArrayList<>();
        byte[] all = Files.readAllBytes(wav);
        for (UploadUrls.Part part : urls.parts()) {
            int from = (int) ((part.partNumber() - 1) * urls.partSize());
            int to = (int) Math.min(size, from + urls.partSize());
            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(part.url()))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(all, from, to - from))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            done.add(new CompleteUploadRequest.Part(
                    part.partNumber(), put.headers().firstValue("ETag").orElseThrow()));
        }
        CompleteUpload complete = new CompleteUpload(media);
        CompleteUploadRequest request = new CompleteUploadRequest(DEVICE, urls.objectKey(), urls.uploadId(), done);
        CompletedUpload completed = complete.apply(request).block(T);
        assertThat(completed.errorType()).isNull();
        assertThat(completed.size()).isEqualTo(size);
        assertThat(complete.apply(request).block(T))
                .as("completing twice answers the same")
                .isEqualTo(completed);

        RecordingDeviceLink devices = new RecordingDeviceLink();
        UploadResult result = new ProcessUpload(media, new AudioProbe(), new FakePlaylistStore(), devices, MAX, dir)
                .apply(new UploadReady("m1", DEVICE, "p1", "t1", urls.objectKey(), "long.wav", size, null))
                .block(T);

        assertThat(result.status()).isEqualTo(UploadResult.Status.DONE);
        assertThat(result.track().objectKey()).isEqualTo("media/" + ProcessUploadTest.sha256(all) + ".wav");
        assertThat(result.track().fileSize()).isEqualTo(size);
        assertThat(result.track().durationMs()).isBetween(71_000L, 72_000L);
    }

    @Test
    void completingAnotherDevicesUploadIsRefused() {
        CompletedUpload answer = new CompleteUpload(media)
                .apply(new CompleteUploadRequest(
                        DEVICE,
                        "incoming/box-2/00000000-0000-0000-0000-000000000000",
                        "id",
                        List.of(new CompleteUploadRequest.Part(1, "\"e\""))))
                .block(T);

        assertThat(answer.errorType()).isEqualTo("bad_request");
    }

    @Test
    void downloadUrlServesTheStoredFileUnderItsOriginalName() throws Exception {
        byte[] wav = TestAudio.wav(0.5, 22, null);
        String key = "media/" + ProcessUploadTest.sha256(wav) + ".wav";
        media.put(key, wav, "audio/wav", Map.of("original-filename", "Ma chanson.wav"))
                .block(T);

        DownloadUrl url = new PresignDownload(media, Duration.ofMinutes(2))
                .apply(new DownloadUrlRequest(DEVICE, key))
                .block(T);

        assertThat(url.errorType()).isNull();
        assertThat(url.size()).isEqualTo(wav.length);
        assertThat(Instant.parse(url.expiresAt())).isBefore(Instant.now().plusSeconds(121));
        HttpResponse<InputStream> got = http.send(
                HttpRequest.newBuilder(URI.create(url.url())).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(got.statusCode()).isEqualTo(200);
        try (InputStream in = got.body()) {
            assertThat(in.readAllBytes()).isEqualTo(wav);
        }
        assertThat(got.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(v -> assertThat(v).contains("Ma chanson.wav"));
    }

    @Test
    void downloadOfAnythingButAMediaKeyIsRefused() {
        PresignDownload download = new PresignDownload(media, Duration.ofMinutes(2));

        assertThat(download.apply(new DownloadUrlRequest(DEVICE, "receipts/box-2/r1"))
                        .block(T)
                        .errorType())
                .isEqualTo("bad_request");
        assertThat(download.apply(new DownloadUrlRequest(DEVICE, "media/../incoming/x"))
                        .block(T)
                        .errorType())
                .isEqualTo("bad_request");
        assertThat(download.apply(new DownloadUrlRequest(DEVICE, "media/" + "a".repeat(64) + ".mp3"))
                        .block(T)
                        .errorType())
                .isEqualTo("not_found");
    }
}
