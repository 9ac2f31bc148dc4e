package org.openmusicbox.cloud.relay.away;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.store.LogEntry;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.cloud.sync.EditLibrary;
import org.openmusicbox.cloud.sync.SyncNow;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A box that is offline, read and edited through the cloud's replica on a real PostgreSQL, on the box's own paths
 * and bodies; every refusal leaves the replica's log as it was.
 */
class OfflineLibraryTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final JsonCodec CODEC = new JsonCodec();

    private static TestDatabase db;
    private static PostgresReplica replica;
    private static final RecordingDeviceLink DEVICES = new RecordingDeviceLink();
    private static final TestPhones PHONES = new TestPhones();
    private static WebTestClient client;
    private static long boxClock = 1_000;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(T);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(System::currentTimeMillis));
        OfflineLibrary library = new OfflineLibrary(replica, CODEC);
        EditLibrary edits = new EditLibrary(replica, new SyncNow(DEVICES, Duration.ofMillis(10)), CODEC);
        client = WebTestClient.bindToRouterFunction(
                        AwayRoutes.offline(library, new OfflineEdits(library, edits, CODEC), PHONES, CODEC))
                .configureClient()
                .responseTimeout(T)
                .build();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void playlistsAreReadFromTheReplicaInTheBoxsShape() {
        Box box = box();
        box.writes(Entity.PLAYLIST, "p1", Fields.TITLE, "Songs");
        box.writes(Entity.PLAYLIST, "p2", Fields.TITLE, "Stories");
        box.track("t1", "p1", "Frère Jacques", 61_000);
        box.track("t2", "p1", "Une souris verte", 30_000);
        box.writes(Entity.TAG, "tag-1", Fields.PLAYLIST_ID, "p1");

        JsonNode page = box.call(HttpMethod.GET, "/api/playlists?page=1&limit=1", null, 200);
        assertThat(page.path("status").asText()).isEqualTo("success");
        assertThat(page.path("data").path("total").asInt()).isEqualTo(2);
        assertThat(page.path("data").path("total_pages").asInt()).isEqualTo(2);
        assertThat(page.path("data").path("limit").asInt()).isEqualTo(1);
        JsonNode first = page.path("data").path("playlists").get(0);
        assertThat(first.path("id").asText()).isEqualTo("p1");
        assertThat(first.path("track_count").asInt()).isEqualTo(2);
        assertThat(first.path("nfc_tag_id").asText()).isEqualTo("tag-1");

        JsonNode one = box.call(HttpMethod.GET, "/api/playlists/p1", null, 200).path("data");
        assertThat(one.path("title").asText()).isEqualTo("Songs");
        assertThat(one.path("total_duration_ms").asLong()).isEqualTo(91_000);
        assertThat(one.path("playlist").path("id").asText()).isEqualTo("p1");
        assertThat(one.path("tracks").findValuesAsText("title")).containsExactly("Frère Jacques", "Une souris verte");
        assertThat(one.path("tracks").findValuesAsText("track_number")).containsExactly("1", "2");

        assertThat(box.call(HttpMethod.GET, "/api/playlists/nope", null, 404)
                        .path("error_type")
                        .asText())
                .isEqualTo("not_found");
        assertThat(box.call(HttpMethod.GET, "/api/playlists?limit=0", null, 400)
                        .path("error_type")
                        .asText())
                .isEqualTo("validation_error");
    }

    @Test
    void editsGoIntoTheReplicaAsPendingCloudEdits() {
        Box box = box();
        box.writes(Entity.PLAYLIST, "p1", Fields.TITLE, "Songs");
        box.track("t1", "p1", "One", 1_000);
        box.track("t2", "p1", "Two", 1_000);
        box.track("t3", "p1", "Three", 1_000);

        JsonNode created =
                box.call(HttpMethod.POST, "/api/playlists", Map.of("title", "  Bedtime ", "description", "calm"), 201);
        assertThat(created.path("pending").asBoolean()).isTrue();
        String id = created.path("data").path("id").asText();
        assertThat(created.path("data").path("title").asText()).isEqualTo("Bedtime");
        assertThat(box.playlist(id).description()).isEqualTo("calm");

        JsonNode renamed = box.call(
                HttpMethod.PUT, "/api/playlists/p1", Map.of("title", "Car songs", "client_op_id", "op-1"), 200);
        assertThat(renamed.path("pending").asBoolean()).isTrue();
        assertThat(renamed.path("client_op_id").asText()).isEqualTo("op-1");
        assertThat(renamed.path("data").path("client_op_id").asText()).isEqualTo("op-1");
        assertThat(box.playlist("p1").title()).isEqualTo("Car songs");

        box.call(HttpMethod.POST, "/api/playlists/p1/reorder", Map.of("track_order", List.of("t3", "t1", "t2")), 200);
        assertThat(box.playlist("p1").tracks()).extracting(View.TrackView::id).containsExactly("t3", "t1", "t2");

        JsonNode deleted =
                box.call(HttpMethod.DELETE, "/api/playlists/p1/tracks", Map.of("track_numbers", List.of(2)), 200);
        assertThat(deleted.path("data").path("track_count").asInt()).isEqualTo(2);
        assertThat(box.playlist("p1").tracks()).extracting(View.TrackView::id).containsExactly("t3", "t2");
        // By id, as the page names tracks: the one the parent saw, wherever it is now.
        box.call(HttpMethod.DELETE, "/api/playlists/p1/tracks", Map.of("track_ids", List.of("t2")), 200);
        assertThat(box.playlist("p1").tracks()).extracting(View.TrackView::id).containsExactly("t3");

        box.call(HttpMethod.DELETE, "/api/playlists/p1", null, 200);
        assertThat(replica.view(box.id).block(T).playlists())
                .extracting(View.PlaylistView::id)
                .containsExactly(id);

        assertThat(box.log()).allSatisfy(e -> {
            if (e.change().stamp().origin().startsWith("cloud")) {
                assertThat(e.change().stamp().origin()).isEqualTo("cloud-test");
            }
        });
        assertThat(box.log())
                .filteredOn(e -> e.change().field().equals(Fields.DELETED))
                .hasSize(4);
    }

    @Test
    void badEditsAreRefusedAndChangeNothing() {
        Box box = box();
        box.writes(Entity.PLAYLIST, "p1", Fields.TITLE, "Songs");
        box.track("t1", "p1", "One", 1_000);
        box.track("t2", "p1", "Two", 1_000);
        int before = box.log().size();

        record Bad(HttpMethod method, String path, Object body, int status, String type) {}
        List<Bad> bad = new ArrayList<>(List.of(
                new Bad(HttpMethod.POST, "/api/playlists", Map.of(), 400, "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists", Map.of("title", "   "), 400, "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists", Map.of("title", "a\u0007b"), 400, "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists", Map.of("title", "x".repeat(256)), 400, "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists", Map.of("title", 12), 400, "validation_error"),
                new Bad(
                        HttpMethod.POST,
                        "/api/playlists",
                        Map.of("title", "ok", "description", "d".repeat(1001)),
                        400,
                        "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists", "not json", 400, "bad_request"),
                new Bad(HttpMethod.POST, "/api/playlists", List.of("title"), 400, "bad_request"),
                new Bad(HttpMethod.PUT, "/api/playlists/p1", Map.of(), 400, "bad_request"),
                new Bad(HttpMethod.PUT, "/api/playlists/nope", Map.of("title", "New"), 404, "not_found"),
                new Bad(HttpMethod.DELETE, "/api/playlists/nope", null, 404, "not_found"),
                new Bad(
                        HttpMethod.POST,
                        "/api/playlists/p1/reorder",
                        Map.of("track_order", List.of("t1")),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.POST,
                        "/api/playlists/p1/reorder",
                        Map.of("track_order", List.of("t1", "t1")),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.POST,
                        "/api/playlists/p1/reorder",
                        Map.of("track_order", List.of("t1", "zz")),
                        400,
                        "validation_error"),
                new Bad(HttpMethod.POST, "/api/playlists/p1/reorder", Map.of(), 400, "validation_error"),
                new Bad(
                        HttpMethod.DELETE,
                        "/api/playlists/p1/tracks",
                        Map.of("track_numbers", List.of()),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.DELETE,
                        "/api/playlists/p1/tracks",
                        Map.of("track_numbers", List.of(1, 3)),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.DELETE,
                        "/api/playlists/p1/tracks",
                        Map.of("track_numbers", List.of(0)),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.DELETE,
                        "/api/playlists/p1/tracks",
                        Map.of("track_ids", List.of("t1", "not-in-it")),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.DELETE,
                        "/api/playlists/p1/tracks",
                        Map.of("track_ids", List.of("t1"), "track_numbers", List.of(1)),
                        400,
                        "validation_error"),
                new Bad(
                        HttpMethod.POST,
                        "/api/playlists",
                        Map.of("title", "ok", "client_op_id", "bad id!"),
                        400,
                        "validation_error")));
        for (Bad b : bad) {
            JsonNode answer = box.call(b.method(), b.path(), b.body(), b.status());
            assertThat(answer.path("error_type").asText()).as(b.toString()).isEqualTo(b.type());
            assertThat(answer.path("status").asText()).isEqualTo("error");
        }
        assertThat(box.log()).hasSize(before);
    }

    @Test
    void onlyAPhonePairedWithThatBoxGetsIn() {
        Box box = box();
        Box other = box();
        box.writes(Entity.PLAYLIST, "p1", Fields.TITLE, "Songs");
        int before = box.log().size();

        for (String authorization : new String[] {null, "Bearer nothing", other.authorization, "Basic abc"}) {
            var spec = client.method(HttpMethod.POST).uri("/boxes/" + box.id + "/api/playlists");
            if (authorization != null) {
                spec.header("Authorization", authorization);
            }
            spec.bodyValue(Map.of("title", "Sneaky")).exchange().expectStatus().isUnauthorized();
            var read = client.get().uri("/boxes/" + box.id + "/api/playlists/p1");
            if (authorization != null) {
                read.header("Authorization", authorization);
            }
            read.exchange().expectStatus().isUnauthorized();
        }
        assertThat(box.log()).hasSize(before);
    }

    private static Box box() {
        String id = "box-" + UUID.randomUUID().toString().substring(0, 8);
        return new Box(id, PHONES.pair(id));
    }

    /** One box's replica as the box wrote it, and a phone paired with it. */
    private record Box(String id, String authorization) {

        void writes(Entity entity, String entityId, String field, Object value) {
            replica.apply(
                            id,
                            List.of(new FieldChange(
                                    entity,
                                    entityId,
                                    field,
                                    value,
                                    new Stamp(Hlc.pack(++boxClock, 0), "box-aaaaaaaaaaaa"),
                                    UUID.randomUUID().toString())))
                    .blockLast(T);
        }

        void track(String trackId, String playlistId, String title, long durationMs) {
            writes(Entity.TRACK, trackId, Fields.TITLE, title);
            writes(Entity.TRACK, trackId, Fields.DURATION_MS, durationMs);
            writes(Entity.TRACK, trackId, Fields.PLAYLIST_ID, playlistId);
        }

        JsonNode call(HttpMethod method, String path, Object body, int status) {
            var spec = client.method(method).uri("/boxes/" + id + path).header("Authorization", authorization);
            var exchange = body == null
                    ? spec.exchange()
                    : body instanceof String raw
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

        View.PlaylistView playlist(String playlistId) {
            return replica.view(id).block(T).playlists().stream()
                    .filter(p -> p.id().equals(playlistId))
                    .findFirst()
                    .orElseThrow();
        }

        List<LogEntry> log() {
            return replica.log(id, 0, PostgresReplica.MAX_LOG_PAGE)
                    .collectList()
                    .block(T);
        }
    }
}
