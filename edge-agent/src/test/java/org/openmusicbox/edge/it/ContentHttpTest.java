package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.audio.CoverArtFiles;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * Content a parent recognises, over HTTP against the whole agent: tag names (checked, kept by the tag, parent
 * only), cover pictures (served by id with their type, gone with their track, kept when it moves), and the
 * player's title following a rename of the playing playlist.
 */
class ContentHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String TOKEN = "content-parent-token";
    private static final String BOUNDARY = "----omb-content-test";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private EdgeAgent agent;

    record Reply(int status, Map<String, java.util.List<String>> headers, byte[] bytes) {
        JsonNode json() {
            return JSON.readTree(bytes);
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of()).stream()
                    .findFirst()
                    .orElse(null);
        }
    }

    @BeforeEach
    void start() {
        agent = EdgeAgent.start(ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        "omb.data-dir", tmp.resolve("data").toString(),
                        "omb.bind", "127.0.0.1",
                        "omb.http.port", "0",
                        "omb.socketio.port", "0",
                        "omb.audio.output", "silent",
                        "omb.nfc.reader", "simulated",
                        "omb.controls.enabled", "false",
                        "omb.auth.token", TOKEN)));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void aTagIsNamedByTheParentOnlyWithAValidNameAndTheNameStaysWithTheTag() throws Exception {
        String animals = created("Animals");
        String trains = created("Trains");
        ok(send("POST", "/api/nfc/associate", "{\"tag_id\":\"04A22B1C\",\"playlist_id\":\"" + animals + "\"}", true));
        JsonNode tags =
                ok(send("GET", "/api/nfc/tags", null, true)).path("data").path("tags");
        assertEquals(1, tags.size(), tags.toString());
        assertEquals("04a22b1c", tags.get(0).path("tag_id").asText());
        assertTrue(tags.get(0).path("name").isNull(), "no name yet");
        assertEquals(animals, tags.get(0).path("playlist_id").asText());

        String path = "/api/nfc/tags/04a22b1c/name";
        assertError(send("PUT", path, "{\"name\":\"Lion card\"}", false), 401, "unauthorized");
        assertError(send("PUT", path, "{}", true), 400, "validation_error");
        assertError(send("PUT", path, "{\"name\":\"\"}", true), 400, "validation_error");
        assertError(send("PUT", path, "{\"name\":\"   \"}", true), 400, "validation_error");
        assertError(send("PUT", path, "{\"name\":5}", true), 400, "validation_error");
        assertError(send("PUT", path, "{\"name\":\"" + "x".repeat(41) + "\"}", true), 400, "validation_error");
        assertError(send("PUT", path, "{\"name\":\"bell\\u0007\"}", true), 400, "validation_error");
        assertError(send("PUT", path, "not json", true), 400, null);
        assertError(send("PUT", "/api/nfc/tags/zz!/name", "{\"name\":\"Lion card\"}", true), 400, "validation_error");
        assertError(send("PUT", "/api/nfc/tags/0badc0de/name", "{\"name\":\"Lion card\"}", true), 404, "not_found");
        assertTrue(
                ok(send("GET", "/api/nfc/tags", null, true))
                        .path("data")
                        .path("tags")
                        .get(0)
                        .path("name")
                        .isNull(),
                "refusals name nothing");

        JsonNode named = ok(send("PUT", "/api/nfc/tags/04A22B1C/name", "{\"name\":\"  Lion card \"}", true))
                .path("data");
        assertEquals("04a22b1c", named.path("tag_id").asText());
        assertEquals("Lion card", named.path("name").asText(), "trimmed");
        assertEquals(animals, named.path("playlist_id").asText());
        String forty = "L".repeat(40);
        ok(send("PUT", path, "{\"name\":\"" + forty + "\"}", true));
        ok(send("PUT", path, "{\"name\":\"Lion card\"}", true));

        // The name belongs to the tag: moved to another playlist, it keeps it.
        ok(send(
                "POST",
                "/api/nfc/associate",
                "{\"tag_id\":\"04a22b1c\",\"playlist_id\":\"" + trains + "\",\"force\":true}",
                true));
        JsonNode moved =
                ok(send("GET", "/api/nfc/tags", null, true)).path("data").path("tags");
        assertEquals(1, moved.size(), moved.toString());
        assertEquals("Lion card", moved.get(0).path("name").asText());
        assertEquals(trains, moved.get(0).path("playlist_id").asText());
        assertEquals("Trains", moved.get(0).path("playlist_title").asText());
    }

    @Test
    void aCoverIsServedByItsTrackAndPlaylistMovesWithTheTrackAndGoesWithIt() throws Exception {
        String animals = created("Animals");
        String other = created("Other");
        byte[] picture = CoverArtFiles.png(64, new Color(200, 120, 40));
        String plain = upload(animals, ToneFiles.wav(tmp, "Plain.wav", 440, 1_000, 44_100, 1));
        String lion = upload(animals, CoverArtFiles.mp3(tmp, "Lion.mp3", "Lion song", picture));

        JsonNode playlist =
                ok(send("GET", "/api/playlists/" + animals, null, true)).path("data");
        JsonNode tracks = playlist.has("tracks")
                ? playlist.path("tracks")
                : playlist.path("playlist").path("tracks");
        assertFalse(tracks.get(0).has("has_cover"), "written only when there is one: " + tracks.get(0));
        assertTrue(tracks.get(1).path("has_cover").asBoolean(), tracks.get(1).toString());

        Reply cover = send("GET", "/api/tracks/" + lion + "/cover", null, true);
        assertEquals(200, cover.status(), cover.text());
        assertEquals("image/png", cover.header("Content-Type"));
        assertEquals("no-cache", cover.header("Cache-Control"));
        assertArrayEquals(picture, cover.bytes(), "the picture of the file's tags");
        String etag = cover.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), "an ETag: " + etag);
        HttpResponse<byte[]> again = http.send(
                request("GET", "/api/tracks/" + lion + "/cover", null, true)
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, again.statusCode(), "revalidated, not sent again");
        Reply playlistCover = send("GET", "/api/playlists/" + animals + "/cover", null, true);
        assertEquals(200, playlistCover.status(), playlistCover.text());
        assertArrayEquals(picture, playlistCover.bytes(), "the first track with a picture");

        assertError(send("GET", "/api/tracks/" + plain + "/cover", null, true), 404, "not_found");
        assertError(send("GET", "/api/playlists/" + other + "/cover", null, true), 404, "not_found");
        assertError(send("GET", "/api/tracks/no-such-track/cover", null, true), 404, "not_found");
        assertError(send("GET", "/api/playlists/no-such-playlist/cover", null, true), 404, "not_found");
        for (String trick : new String[] {"..%2F..%2Flibrary.db", "%2E%2E", "Lion.cover.png", lion + "%00"}) {
            Reply r = send("GET", "/api/tracks/" + trick + "/cover", null, true);
            assertEquals(404, r.status(), trick + ": " + r.text());
            assertFalse(r.text().startsWith("\u0089PNG"), "no file by name: " + trick);
        }

        // Moved (named by id, as the page does), the track keeps its picture; it is now the other playlist's.
        assertError(
                send(
                        "POST",
                        "/api/playlists/move-track",
                        "{\"source_playlist_id\":\"" + other + "\",\"target_playlist_id\":\"" + animals
                                + "\",\"track_id\":\"" + lion + "\"}",
                        true),
                404,
                "not_found");
        ok(send(
                "POST",
                "/api/playlists/move-track",
                "{\"source_playlist_id\":\"" + animals + "\",\"target_playlist_id\":\"" + other + "\",\"track_id\":\""
                        + lion + "\"}",
                true));
        assertArrayEquals(
                picture,
                send("GET", "/api/tracks/" + lion + "/cover", null, true).bytes());
        assertArrayEquals(
                picture,
                send("GET", "/api/playlists/" + other + "/cover", null, true).bytes());
        assertError(send("GET", "/api/playlists/" + animals + "/cover", null, true), 404, "not_found");
        JsonNode lite = ok(send("GET", "/api/playlists", null, true));
        assertTrue(lite.toString().contains(lion), "the list names the playlist's cover track: " + lite);

        // A track is named by id (as the page does) or by position, not both; an id the playlist does not hold
        // deletes nothing.
        assertError(
                send(
                        "DELETE",
                        "/api/playlists/" + other + "/tracks",
                        "{\"track_ids\":[\"" + lion + "\"]," + "\"track_numbers\":[1]}",
                        true),
                400,
                "validation_error");
        assertError(
                send("DELETE", "/api/playlists/" + other + "/tracks", "{\"track_ids\":[\"no-such-track\"]}", true),
                404,
                "not_found");
        assertError(
                send("DELETE", "/api/playlists/" + animals + "/tracks", "{\"track_ids\":[\"" + lion + "\"]}", true),
                404,
                "not_found");
        // Deleted by id, it takes its picture along, row and file.
        ok(send("DELETE", "/api/playlists/" + other + "/tracks", "{\"track_ids\":[\"" + lion + "\"]}", true));
        assertError(send("GET", "/api/tracks/" + lion + "/cover", null, true), 404, "not_found");
        assertError(send("GET", "/api/playlists/" + other + "/cover", null, true), 404, "not_found");
        try (Stream<Path> files = Files.list(tmp.resolve("data").resolve("media"))) {
            assertTrue(
                    files.noneMatch(f -> f.getFileName().toString().contains(".cover.")),
                    "no picture left in the media directory");
        }
    }

    @Test
    void renamingThePlayingPlaylistRenamesItInThePlayersStatus() throws Exception {
        String id = created("Before");
        upload(id, ToneFiles.wav(tmp, "Long.wav", 440, 10_000, 44_100, 1));
        ok(send("POST", "/api/playlists/" + id + "/start", "{}", true));
        assertEquals("Before", status().path("active_playlist_title").asText());

        assertError(send("PUT", "/api/playlists/" + id, "{\"title\":\"\"}", true), 400, "validation_error");
        assertEquals("Before", status().path("active_playlist_title").asText(), "a refused rename changes nothing");
        ok(send("PUT", "/api/playlists/" + id, "{\"title\":\"After\"}", true));
        JsonNode after = status();
        assertEquals("After", after.path("active_playlist_title").asText(), "without starting it again");
        assertEquals(id, after.path("active_playlist_id").asText());
        assertEquals("playing", after.path("state").asText(), "the music goes on");
    }

    // ---- helpers

    private JsonNode status() throws Exception {
        return ok(send("GET", "/api/player/status", null, true)).path("data");
    }

    private String created(String title) throws Exception {
        return ok(send("POST", "/api/playlists", "{\"title\":\"" + title + "\"}", true))
                .path("data")
                .path("id")
                .asText();
    }

    /** Uploads a file in one chunk and returns its track's id. */
    private String upload(String playlistId, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        JsonNode session = ok(send(
                        "POST",
                        "/api/playlists/" + playlistId + "/uploads/session",
                        "{\"filename\":\"" + name + "\",\"file_size\":" + bytes.length + ",\"chunk_size\":"
                                + bytes.length + "}",
                        true))
                .path("data");
        String sid = session.path("session_id").asText();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> chunk = http.send(
                request(
                                "PUT",
                                "/api/playlists/" + playlistId + "/uploads/" + sid + "/chunks/0",
                                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                                true)
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, chunk.statusCode(), new String(chunk.body(), StandardCharsets.UTF_8));
        JsonNode done = ok(send("POST", "/api/playlists/" + playlistId + "/uploads/" + sid + "/finalize", "{}", true));
        String id = done.path("data").path("track").path("id").asText();
        assertFalse(id.isEmpty(), done.toString());
        return id;
    }

    private HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body, boolean parent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (parent) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return b;
    }

    private Reply send(String method, String path, String json, boolean parent) throws Exception {
        HttpRequest.Builder b =
                request(method, path, json == null ? null : HttpRequest.BodyPublishers.ofString(json), parent);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers().map(), r.body());
    }

    private static JsonNode ok(Reply r) {
        assertTrue(r.status() / 100 == 2, r.status() + " " + r.text());
        return r.json();
    }

    private static void assertError(Reply r, int status, String errorType) {
        assertEquals(status, r.status(), r.text());
        JsonNode node = r.json();
        assertEquals("error", node.path("status").asText(), r.text());
        if (errorType != null) {
            assertEquals(errorType, node.path("error_type").asText(), r.text());
        }
    }
}
