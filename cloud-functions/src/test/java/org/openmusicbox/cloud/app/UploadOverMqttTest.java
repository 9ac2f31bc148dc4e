package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.media.TestAudio;
import org.openmusicbox.cloud.media.TestS3;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.mqtt.TestBroker;
import org.openmusicbox.cloud.mqtt.TestDevice;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/**
 * {@code uploads/ready} through the whole app: Mosquitto, s3proxy in-process, PostgreSQL. The handler publishes
 * its own {@code uploads/results}; the binding must not answer a second time.
 */
class UploadOverMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestDatabase db;
    private static TestS3 s3;
    private static S3MediaStore bucket;
    private static CloudApp app;

    @BeforeAll
    static void start() {
        TestBroker.require();
        db = TestDatabase.create();
        s3 = TestS3.start();
        bucket = s3.newStore();
        app = CloudApp.start(
                db,
                Map.of(
                        "omb.mqtt.url", TestBroker.URL,
                        "omb.mqtt.share-group", TestBroker.unique("upload"),
                        "omb.s3.endpoint", s3.endpoint().toString(),
                        "omb.s3.region", TestS3.REGION,
                        "omb.s3.access-key", TestS3.ACCESS_KEY,
                        "omb.s3.secret-key", TestS3.SECRET_KEY,
                        "omb.s3.bucket", bucket.bucket()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anUploadedFileBecomesATrackAndTheDeviceGetsOneResult() {
        try (TestDevice device = new TestDevice(TestBroker.unique("box"))) {
            byte[] wav = TestAudio.wav(1.0, 21, new TestAudio.Tags("Frère Jacques", "Les Enfants", null));
            String key = ProcessUpload.incomingPrefix(device.deviceId()) + "frere.wav";
            bucket.put(key, wav, "audio/wav", Map.of()).block(WAIT);

            device.publish(
                    TopicKind.UPLOADS_READY,
                    new UploadReady("r1", device.deviceId(), "p1", "t1", key, "frere.wav", wav.length, null));

            UploadResult result = device.next(TopicKind.UPLOADS_RESULTS, UploadResult.class, WAIT);
            assertThat(result.status()).isEqualTo(UploadResult.Status.DONE);
            assertThat(result.track().title()).isEqualTo("Frère Jacques");
            assertThat(result.track().durationMs()).isEqualTo(1000);
            assertThat(bucket.head(result.track().objectKey()).blockOptional(WAIT))
                    .isPresent();
            assertThat(db.queryOne(
                            "SELECT object_key FROM tracks WHERE device_id = '" + device.deviceId()
                                    + "' AND track_id = 't1'",
                            String.class))
                    .isEqualTo(result.track().objectKey());
            // the track is in the box's replica, so it syncs down; the box is told to pull
            assertThat(app.bean(LibraryReplica.class)
                            .view(device.deviceId())
                            .block(WAIT)
                            .playlists())
                    .singleElement()
                    .satisfies(p -> assertThat(p.tracks()).singleElement().satisfies(t -> {
                        assertThat(t.id()).isEqualTo("t1");
                        assertThat(t.media().objectKey())
                                .isEqualTo(result.track().objectKey());
                    }));
            assertThat(device.next(TopicKind.COMMANDS, DeviceCommand.class, WAIT)
                            .name())
                    .isEqualTo(DeviceCommand.SYNC_NOW);
            assertThat(device.nextJson(TopicKind.UPLOADS_RESULTS, Duration.ofSeconds(1)))
                    .as("one result")
                    .isNull();
            assertThat(device.drain(TopicKind.ERRORS)).isEmpty();
        }
    }
}
