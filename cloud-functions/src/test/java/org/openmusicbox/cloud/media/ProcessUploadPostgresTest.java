package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/**
 * The whole path with the real collaborators: presigned PUT into s3proxy, {@link ProcessUpload}, the track row
 * in PostgreSQL ({@link PostgresStore} on a fresh database), the result on the recorded device link.
 */
class ProcessUploadPostgresTest {

    static final Duration T = Duration.ofSeconds(60);
    static final String DEVICE = "box-pg";

    static TestS3 s3;
    static TestDatabase db;
    static PostgresStore store;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        s3 = TestS3.start();
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(T);
        store = new PostgresStore(db.connectionFactory());
    }

    @AfterAll
    static void stop() {
        db.close();
        s3.close();
    }

    @Test
    void uploadedMp3EndsUpInS3WithMetadataAndAsATrackRow() throws Exception {
        S3MediaStore media = s3.newStore();
        RecordingDeviceLink devices = new RecordingDeviceLink();
        ProcessUpload process = new ProcessUpload(media, new AudioProbe(), store, devices, 10_000_000, work);
        byte[] mp3 = TestAudio.mp3(2.0, 31, new TestAudio.Tags("Une souris verte", "Comptine", "Jardin"));

        UploadUrls urls = new PresignUpload(media, 10_000_000, Duration.ofMinutes(5))
                .apply(new UploadUrlRequest(DEVICE, "souris.mp3", mp3.length, "audio/mpeg"))
                .block(T);
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(urls.url()))
                                .header("Content-Type", urls.contentType())
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(mp3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        UploadReady ready = new UploadReady(
                "req-1",
                DEVICE,
                "pl-1",
                "tr-1",
                urls.objectKey(),
                "souris.mp3",
                mp3.length,
                ProcessUploadTest.sha256(mp3));

        UploadResult first = process.apply(ready).block(T);
        UploadResult second = process.apply(ready).block(T);

        assertThat(first.status()).as(first.message()).isEqualTo(UploadResult.Status.DONE);
        assertThat(second).isEqualTo(first);
        String key = "media/" + ProcessUploadTest.sha256(mp3) + ".mp3";
        assertThat(s3.keys(media, "media/")).containsExactly(key);
        assertThat(media.head(key).block(T).metadata())
                .containsEntry("title", "Une souris verte")
                .containsEntry("original-filename", "souris.mp3");
        assertThat(db.queryOne("SELECT count(*) FROM tracks WHERE device_id = '" + DEVICE + "'", Long.class))
                .isEqualTo(1L);
        assertThat(db.queryOne("SELECT object_key FROM tracks WHERE track_id = 'tr-1'", String.class))
                .isEqualTo(key);
        assertThat(db.queryOne("SELECT format FROM tracks WHERE track_id = 'tr-1'", String.class))
                .isEqualTo("mp3");
        assertThat(db.queryOne("SELECT file_size FROM tracks WHERE track_id = 'tr-1'", Long.class))
                .isEqualTo((long) mp3.length);
        assertThat(first.track().objectKey()).isEqualTo(key);
        assertThat(devices.published())
                .extracting(RecordingDeviceLink.Published::message)
                .containsExactly(first, second);
    }
}
