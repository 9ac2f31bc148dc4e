package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.media.ContentHash;
import org.openmusicbox.cloud.media.TestS3;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.mqtt.TestBroker;
import org.openmusicbox.cloud.mqtt.TestDevice;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;

/**
 * {@code media/requests} through the whole app: Mosquitto, s3proxy in-process, PostgreSQL. The box's side of an
 * upload is played with java.net.http on the presigned URLs the cloud answers.
 */
class MediaOverMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long MAX_UPLOAD = 1_000_000;

    private static TestDatabase db;
    private static TestS3 s3;
    private static S3MediaStore bucket;
    private static CloudApp app;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        TestBroker.require();
        db = TestDatabase.create();
        s3 = TestS3.start();
        bucket = s3.newStore();
        app = CloudApp.start(
                db,
                Map.of(
                        "omb.mqtt.url",
                        TestBroker.URL,
                        "omb.mqtt.share-group",
                        TestBroker.unique("media"),
                        "omb.media.max-upload-bytes",
                        MAX_UPLOAD,
                        "omb.s3.endpoint",
                        s3.endpoint().toString(),
                        "omb.s3.region",
                        TestS3.REGION,
                        "omb.s3.access-key",
                        TestS3.ACCESS_KEY,
                        "omb.s3.secret-key",
                        TestS3.SECRET_KEY,
                        "omb.s3.bucket",
                        bucket.bucket()));
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
    void aFileUploadedThroughItsUrlIsPresentAndIsUploadedOnce() throws Exception {
        try (TestDevice device = new TestDevice(TestBroker.unique("box"))) {
            byte[] bytes = randomBytes("song one");
            String sha = ContentHash.of(bytes);

            MediaAnswer put = ask(device, MediaRequest.PUT, sha, bytes.length);
            assertThat(put.status()).isEqualTo(MediaAnswer.URL);
            assertThat(put.objectKey()).isEqualTo("media/" + sha + ".mp3");
            assertThat(Instant.parse(put.expiresAt())).isAfter(Instant.now());
            assertThat(upload(put.url(), bytes)).isEqualTo(200);

            assertThat(ask(device, MediaRequest.STORED, sha, bytes.length).status())
                    .isEqualTo(MediaAnswer.PRESENT);
            assertThat(ask(device, MediaRequest.PUT, sha, bytes.length).status())
                    .as("the second put of a stored file: nothing to send")
                    .isEqualTo(MediaAnswer.PRESENT);

            MediaAnswer get = ask(device, MediaRequest.GET, sha, 0);
            assertThat(get.status()).isEqualTo(MediaAnswer.URL);
            HttpResponse<byte[]> fetched = http.send(
                    HttpRequest.newBuilder(URI.create(get.url())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.body()).isEqualTo(bytes);
            assertThat(device.drain(TopicKind.ERRORS)).isEmpty();
        }
    }

    @Test
    void wrongBytesAreAChecksumMismatchAndTheObjectIsGone() throws Exception {
        try (TestDevice device = new TestDevice(TestBroker.unique("box"))) {
            byte[] meant = randomBytes("meant");
            byte[] sent = randomBytes("sent instead");
            String sha = ContentHash.of(meant);

            MediaAnswer put = ask(device, MediaRequest.PUT, sha, meant.length);
            assertThat(upload(put.url(), sent)).isEqualTo(200);
            assertThat(bucket.head(put.objectKey()).blockOptional(WAIT)).isPresent();

            MediaAnswer stored = ask(device, MediaRequest.STORED, sha, meant.length);
            assertThat(stored.status()).isEqualTo(MediaAnswer.ERROR);
            assertThat(stored.errorType()).isEqualTo(MediaAnswer.CHECKSUM_MISMATCH);
            assertThat(bucket.head(put.objectKey()).blockOptional(WAIT)).isEmpty();
            assertThat(ask(device, MediaRequest.PUT, sha, meant.length).status())
                    .as("asked again, the box gets a new URL")
                    .isEqualTo(MediaAnswer.URL);
        }
    }

    @Test
    void missingObjectsAreNotFoundAndBigFilesTooLarge() {
        try (TestDevice device = new TestDevice(TestBroker.unique("box"))) {
            String sha = ContentHash.of(randomBytes("never uploaded"));

            MediaAnswer get = ask(device, MediaRequest.GET, sha, 0);
            assertThat(get.errorType()).isEqualTo(MediaAnswer.NOT_FOUND);
            assertThat(get.message()).isNotBlank();
            assertThat(ask(device, MediaRequest.STORED, sha, 10).errorType()).isEqualTo(MediaAnswer.NOT_FOUND);

            MediaAnswer big = ask(device, MediaRequest.PUT, sha, MAX_UPLOAD + 1);
            assertThat(big.errorType()).isEqualTo(MediaAnswer.TOO_LARGE);
            assertThat(ask(device, MediaRequest.PUT, sha, MAX_UPLOAD).status())
                    .as("at the limit")
                    .isEqualTo(MediaAnswer.URL);
            assertThat(s3.keys(bucket, "media/" + sha)).isEmpty();
        }
    }

    @Test
    void malformedRequestsAreRejectedOnErrorsAndTheNextGoodOneIsAnswered() {
        try (TestDevice device = new TestDevice(TestBroker.unique("box"))) {
            String id = device.deviceId();
            String sha = ContentHash.of(randomBytes("after the bad ones"));

            device.publishRaw(TopicKind.MEDIA_REQUESTS, "{\"device_id\":\"" + id + "\",\"request_id\":");
            device.publishRaw(
                    TopicKind.MEDIA_REQUESTS,
                    "{\"device_id\":\"" + id + "\",\"request_id\":\"r\",\"action\":\"put\",\"sha256\":\"ABC\","
                            + "\"format\":\"mp3\",\"file_size\":1}");
            device.publishRaw(
                    TopicKind.MEDIA_REQUESTS,
                    "{\"device_id\":\"" + id + "\",\"request_id\":\"r\",\"action\":\"delete\",\"sha256\":\"" + sha
                            + "\",\"format\":\"mp3\",\"file_size\":1}");

            for (int i = 0; i < 3; i++) {
                MessageRejected bad = device.next(TopicKind.ERRORS, MessageRejected.class, WAIT);
                assertThat(bad.topic()).isEqualTo("omb/v1/devices/" + id + "/media/requests");
                assertThat(bad.reason()).isNotBlank();
            }
            assertThat(device.drain(TopicKind.MEDIA_URLS)).isEmpty();
            assertThat(ask(device, MediaRequest.GET, sha, 0).errorType()).isEqualTo(MediaAnswer.NOT_FOUND);
        }
    }

    /** Sends one request and waits for the answer that carries its request id. */
    private static MediaAnswer ask(TestDevice device, String action, String sha, long size) {
        String requestId = "media-" + UUID.randomUUID();
        device.publish(
                TopicKind.MEDIA_REQUESTS, new MediaRequest(device.deviceId(), requestId, action, sha, "mp3", size));
        MediaAnswer answer = device.next(TopicKind.MEDIA_URLS, MediaAnswer.class, WAIT);
        assertThat(answer.requestId()).isEqualTo(requestId);
        return answer;
    }

    private int upload(String url, byte[] bytes) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "audio/mpeg")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static byte[] randomBytes(String seed) {
        return (seed + " " + UUID.randomUUID()).repeat(500).getBytes(StandardCharsets.UTF_8);
    }
}
