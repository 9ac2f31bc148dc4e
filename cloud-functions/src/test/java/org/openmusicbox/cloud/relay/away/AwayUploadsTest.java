package org.openmusicbox.cloud.relay.away;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.AudioProbe;
import org.openmusicbox.cloud.media.CompleteUpload;
import org.openmusicbox.cloud.media.PresignUpload;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.media.ResumeUpload;
import org.openmusicbox.cloud.media.TestAudio;
import org.openmusicbox.cloud.media.TestS3;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.cloud.sync.CloudTracks;
import org.openmusicbox.cloud.sync.SyncNow;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.View;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Uploads from away over the routes, with the file PUT straight to s3proxy by presigned URLs and the track
 * registered in the box's replica on a real PostgreSQL: one PUT, two parts with one sent twice and a resume that
 * lists them, and refusals that leave no track.
 */
class AwayUploadsTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final JsonCodec CODEC = new JsonCodec();
    private static final long MAX_BYTES = 50_000_000;
    private static final long PART = 5L * 1024 * 1024;

    private static TestS3 s3;
    private static TestDatabase db;
    private static PostgresReplica replica;
    private static S3MediaStore media;
    private static WebTestClient client;
    private static final TestPhones PHONES = new TestPhones();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        s3 = TestS3.start();
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(T);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(System::currentTimeMillis));
        media = s3.newStore();
        RecordingDeviceLink devices = new RecordingDeviceLink();
        CloudTracks tracks = new CloudTracks(replica, new SyncNow(devices, Duration.ofMillis(10)));
        // above 1 MiB a file goes in parts of 5 MiB, so a two-part upload stays small
        PresignUpload presign = new PresignUpload(media, MAX_BYTES, Duration.ofMinutes(5), 1024 * 1024, PART);
        AwayUploads uploads = new AwayUploads(
                presign,
                new ResumeUpload(media, presign, Duration.ofMinutes(5)),
                new CompleteUpload(media),
                new ProcessUpload(media, new AudioProbe(), tracks::register, devices, MAX_BYTES, work),
                new OfflineLibrary(replica, CODEC),
                CODEC);
        client = WebTestClient.bindToRouterFunction(AwayRoutes.uploads(uploads, PHONES, CODEC))
                .configureClient()
                .responseTimeout(T)
                .build();
    }

    @AfterAll
    static void stop() {
        db.close();
        s3.close();
    }

    @Test
    void aSmallFileGoesInOnePutAndBecomesATrackOfTheReplica() throws Exception {
        Box box = box();
        byte[] mp3 = TestAudio.mp3(2.0, 7, new TestAudio.Tags("Une souris verte", "Comptine", "Jardin"));

        JsonNode started = box.post(
                        "", Map.of("filename", "souris.mp3", "file_size", mp3.length, "playlist_id", "p1"), 201)
                .path("data");
        assertThat(started.has("parts")).isFalse();
        assertThat(put(
                                started.path("url").asText(),
                                mp3,
                                started.path("content_type").asText())
                        .statusCode())
                .isEqualTo(200);
        JsonNode finished = box.post("/finish", finish(started, "souris.mp3", mp3.length), 201);

        assertThat(finished.path("pending").asBoolean()).isTrue();
        assertThat(finished.path("data").path("track").path("title").asText()).isEqualTo("Une souris verte");
        assertThat(box.tracks()).extracting(View.TrackView::title).containsExactly("Une souris verte");
        assertThat(s3.keys(media, "incoming/" + box.id)).isEmpty();
    }

    @Test
    void twoPartsOneSentTwiceThenResumedFromTheListedParts() throws Exception {
        Box box = box();
        byte[] wav = TestAudio.wav(65.0, 3, new TestAudio.Tags("Long story", null, null));
        assertThat((long) wav.length).isBetween(PART + 1, 2 * PART);

        JsonNode started = box.post(
                        "", Map.of("filename", "story.wav", "file_size", wav.length, "playlist_id", "p1"), 201)
                .path("data");
        assertThat(started.path("part_size").asLong()).isEqualTo(PART);
        assertThat(started.path("parts")).hasSize(2);
        byte[] first = Arrays.copyOfRange(wav, 0, (int) PART);
        String url1 = started.path("parts").get(0).path("url").asText();
        assertThat(put(url1, first, null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = put(url1, first, null);
        assertThat(again.statusCode()).isEqualTo(200);

        // the page was reloaded: it asks what the store holds and sends only the rest
        JsonNode resumed = box.post(
                        "/resume",
                        Map.of(
                                "object_key", started.path("object_key").asText(),
                                "upload_id", started.path("upload_id").asText(),
                                "file_size", wav.length),
                        200)
                .path("data");
        assertThat(resumed.path("stored_parts").findValuesAsText("part_number")).containsExactly("1");
        assertThat(resumed.path("stored_parts").get(0).path("etag").asText())
                .isEqualTo(again.headers().firstValue("ETag").orElseThrow());
        assertThat(resumed.path("parts").findValuesAsText("part_number")).containsExactly("2");
        HttpResponse<String> second = put(
                resumed.path("parts").get(0).path("url").asText(),
                Arrays.copyOfRange(wav, (int) PART, wav.length),
                null);
        assertThat(second.statusCode()).isEqualTo(200);

        Map<String, Object> parts = Map.of(
                "object_key", started.path("object_key").asText(),
                "upload_id", started.path("upload_id").asText(),
                "parts",
                        List.of(
                                Map.of(
                                        "part_number",
                                        1,
                                        "etag",
                                        resumed.path("stored_parts")
                                                .get(0)
                                                .path("etag")
                                                .asText()),
                                Map.of(
                                        "part_number",
                                        2,
                                        "etag",
                                        second.headers().firstValue("ETag").orElseThrow())));
        assertThat(box.post("/complete", parts, 200).path("data").path("size").asLong())
                .isEqualTo(wav.length);
        assertThat(box.post("/complete", parts, 200).path("data").path("size").asLong())
                .isEqualTo(wav.length);
        box.post("/finish", finish(started, "story.wav", wav.length), 201);
        box.post("/finish", finish(started, "story.wav", wav.length), 201);

        assertThat(box.tracks()).singleElement().satisfies(t -> {
            assertThat(t.title()).isEqualTo("Long story");
            assertThat(t.media().fileSize()).isEqualTo(wav.length);
        });
    }

    @Test
    void badUploadsAreRefusedAndAddNothing() throws Exception {
        Box box = box();
        Box other = box();
        String goodKey = box.post("", Map.of("filename", "a.mp3", "file_size", 10, "playlist_id", "p1"), 201)
                .path("data")
                .path("object_key")
                .asText();
        String otherKey = other.post("", Map.of("filename", "a.mp3", "file_size", 10, "playlist_id", "p1"), 201)
                .path("data")
                .path("object_key")
                .asText();
        record Bad(String step, Object body, int status, String type) {}
        List<Bad> bad = List.of(
                new Bad("", Map.of("filename", "a.mp3", "file_size", 10, "playlist_id", "nope"), 404, "not_found"),
                new Bad("", Map.of("filename", "../a.mp3", "file_size", 10, "playlist_id", "p1"), 400, "bad_request"),
                new Bad(
                        "",
                        Map.of("filename", "a.mp3", "file_size", MAX_BYTES + 1, "playlist_id", "p1"),
                        413,
                        "payload_too_large"),
                new Bad("", Map.of("filename", "a.mp3", "file_size", 0, "playlist_id", "p1"), 400, "validation_error"),
                new Bad("", Map.of("file_size", 10, "playlist_id", "p1"), 400, "validation_error"),
                new Bad("", "{not json", 400, "bad_request"),
                // (s3proxy lists an unknown upload as empty where S3 answers NoSuchUpload, so resume is not tried here)
                new Bad(
                        "/resume",
                        Map.of("object_key", goodKey, "upload_id", "u", "file_size", 10),
                        400,
                        "bad_request"),
                new Bad(
                        "/complete",
                        Map.of(
                                "object_key",
                                goodKey,
                                "upload_id",
                                "no-such-upload",
                                "parts",
                                List.of(Map.of("part_number", 1, "etag", "e"))),
                        404,
                        "not_found"),
                new Bad(
                        "/complete",
                        Map.of(
                                "object_key",
                                otherKey,
                                "upload_id",
                                "x",
                                "parts",
                                List.of(Map.of("part_number", 1, "etag", "e"))),
                        400,
                        "validation_error"),
                new Bad(
                        "/complete",
                        Map.of("object_key", goodKey, "upload_id", "x", "parts", List.of()),
                        400,
                        "validation_error"),
                new Bad(
                        "/finish",
                        Map.of("object_key", otherKey, "filename", "a.mp3", "file_size", 10, "playlist_id", "p1"),
                        400,
                        "validation_error"),
                new Bad(
                        "/finish",
                        Map.of("object_key", goodKey, "filename", "a.mp3", "file_size", 10, "playlist_id", "p1"),
                        404,
                        "not_found"));
        for (Bad b : bad) {
            assertThat(box.post(b.step(), b.body(), b.status())
                            .path("error_type")
                            .asText())
                    .as(b.toString())
                    .isEqualTo(b.type());
        }
        client.post()
                .uri("/boxes/" + box.id + "/api/away/uploads")
                .bodyValue(Map.of("filename", "a.mp3", "file_size", 10, "playlist_id", "p1"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.post()
                .uri("/boxes/" + box.id + "/api/away/uploads/finish")
                .header("Authorization", other.authorization)
                .bodyValue(Map.of("object_key", goodKey, "filename", "a.mp3", "file_size", 10, "playlist_id", "p1"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(box.tracks()).isEmpty();
    }

    private static Map<String, Object> finish(JsonNode started, String filename, long size) {
        return Map.of(
                "object_key",
                started.path("object_key").asText(),
                "filename",
                filename,
                "file_size",
                size,
                "playlist_id",
                "p1");
    }

    private static HttpResponse<String> put(String url, byte[] bytes, String contentType) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A box with playlist p1 in the cloud's copy, and a phone paired with it. */
    private static Box box() {
        String id = "box-" + UUID.randomUUID().toString().substring(0, 8);
        replica.write(id, Entity.PLAYLIST, "p1", Fields.TITLE, "Songs").block(T);
        return new Box(id, PHONES.pair(id));
    }

    private record Box(String id, String authorization) {

        JsonNode post(String step, Object body, int status) {
            var spec = client.post()
                    .uri("/boxes/" + id + "/api/away/uploads" + step)
                    .header("Authorization", authorization);
            var exchange = body instanceof String raw
                    ? spec.header("Content-Type", "application/json")
                            .bodyValue(raw)
                            .exchange()
                    : spec.bodyValue(body).exchange();
            byte[] answer = exchange.expectStatus()
                    .value(s -> assertThat(s).isEqualTo(status))
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            return CODEC.readTree(answer);
        }

        List<View.TrackView> tracks() {
            return replica.view(id).block(T).playlists().stream()
                    .filter(p -> p.id().equals("p1"))
                    .flatMap(p -> p.tracks().stream())
                    .toList();
        }
    }
}
