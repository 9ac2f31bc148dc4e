package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.protocol.json.JsonCodec;

/** The upload API over real HTTP against the whole agent in this JVM, with hand-built multipart bodies. */
class UploadHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String BOUNDARY = "----omb-test-boundary";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private EdgeAgent agent;
    private String playlistId;

    @BeforeEach
    void start() {
        Path data = tmp.resolve("data");
        try (Database db = Database.open(data)) {
            playlistId = new SqliteLibrary(db).create("Uploads", "").id();
        }
        EdgeConfig config = ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        // Parent access has its own tests (ParentAccessTest, auth.test.mjs); these are about other
                        // things.
                        "omb.auth.mode", "off",
                        "omb.data-dir", data.toString(),
                        "omb.bind", "127.0.0.1",
                        "omb.http.port", "0",
                        "omb.socketio.port", "0",
                        "omb.audio.output", "silent"));
        agent = EdgeAgent.start(config);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aWavUploadedInChunksBecomesATrackOnceAndTheSessionSaysSo() throws Exception {
        Path wav = ToneFiles.wav(tmp, "Lullaby.wav", 440, 2_000, 44_100, 2);
        byte[] bytes = Files.readAllBytes(wav);
        int chunk = 100_000;
        HttpResponse<String> created = send(
                "POST",
                "/api/playlists/" + playlistId + "/uploads/session",
                json("{\"filename\":\"Lullaby.wav\",\"file_size\":" + bytes.length + ",\"chunk_size\":" + chunk + "}"),
                null);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode data =
                JSON.readTree(created.body().getBytes(StandardCharsets.UTF_8)).path("data");
        String sid = data.path("session_id").asText();
        int total = data.path("total_chunks").asInt();
        assertEquals((bytes.length + chunk - 1) / chunk, total);
        assertTrue(total >= 2, "the walk below needs an uploading step");
        assertSession(sid, "pending", false);
        assertListed("pending", sid);

        for (int i = 0; i < total; i++) {
            byte[] part = Arrays.copyOfRange(bytes, i * chunk, Math.min(bytes.length, (i + 1) * chunk));
            HttpResponse<String> r = chunk(sid, i, part);
            assertEquals(200, r.statusCode(), r.body());
            if (i == 0) {
                assertEquals(200, chunk(sid, 0, part).statusCode(), "the same chunk again is fine");
                byte[] other = part.clone();
                other[0] ^= 1;
                assertError(chunk(sid, 0, other), 409);
                assertError(
                        send(
                                "POST",
                                "/api/playlists/" + playlistId + "/uploads/" + sid + "/finalize",
                                json("{}"),
                                null),
                        409);
            }
            String expected = i < total - 1 ? "uploading" : "completed";
            assertEquals(
                    expected,
                    body(r).path("data").path("session").path("status").asText(),
                    "chunk " + i);
            if (i == 0) {
                assertSession(sid, "uploading", false);
                assertListed("uploading", sid);
            }
        }
        // Every chunk arrived: completed, as the original says, and not finalized yet.
        JsonNode status = assertSession(sid, "completed", false);
        assertEquals(0, status.path("missing_chunks").size());
        assertEquals(100.0, status.path("progress_percentage").asDouble());
        assertTrue(status.path("completed_at").isTextual(), status.toString());
        assertTrue(status.path("finalized_at").isNull(), status.toString());
        assertListed("completed", sid);
        assertNotListed("uploading", sid);

        HttpResponse<String> fin = send(
                "POST",
                "/api/playlists/" + playlistId + "/uploads/" + sid + "/finalize",
                json("{\"client_op_id\":\"fin-1\",\"metadata_override\":{\"artist\":\"Grandma\"}}"),
                null);
        assertEquals(200, fin.statusCode(), fin.body());
        JsonNode track = body(fin).path("data").path("track");
        assertEquals("Lullaby", track.path("title").asText());
        assertEquals("Grandma", track.path("artist").asText());
        assertEquals(1, track.path("track_number").asInt());
        assertEquals(2_000, track.path("duration_ms").asLong(), 50);
        String filePath = track.path("file_path").asText();
        assertEquals(sid + ".wav", filePath, "relative to the media directory: no server path leaves the box");
        assertArrayEquals(
                bytes, Files.readAllBytes(tmp.resolve("data").resolve("media").resolve(filePath)));

        HttpResponse<String> again =
                send("POST", "/api/playlists/" + playlistId + "/uploads/" + sid + "/finalize", json("{}"), null);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(
                track.path("id").asText(),
                body(again).path("data").path("track").path("id").asText());
        JsonNode playlist = body(send("GET", "/api/playlists/" + playlistId, null, null));
        assertEquals(1, playlist.path("data").path("tracks").size(), "one track, not two");

        JsonNode finalized = assertSession(sid, "completed", true);
        assertEquals(track.path("id").asText(), finalized.path("track_id").asText());
        assertTrue(finalized.path("finalized_at").isTextual(), finalized.toString());
        JsonNode listed = assertListed("completed", sid);
        assertTrue(listed.path("finalized").asBoolean(), listed.toString());
        assertEquals(total, listed.path("chunks_uploaded").asInt());
        assertEquals(total, listed.path("chunks_total").asInt());
        assertEquals(100.0, listed.path("progress_percent").asDouble());
        assertEquals(bytes.length, listed.path("file_size").asLong());
        assertEquals(playlistId, listed.path("playlist_id").asText());
        assertError(send("GET", "/api/uploads/sessions?status=complete", null, null), 400);
        assertError(chunk(sid, 0, Arrays.copyOf(bytes, chunk)), 409);
    }

    /** The session as GET shows it, after checking its status and whether it was finalized. */
    private JsonNode assertSession(String sid, String expected, boolean finalized) throws Exception {
        HttpResponse<String> r = send("GET", "/api/playlists/" + playlistId + "/uploads/" + sid, null, null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode session = body(r).path("data");
        assertEquals(expected, session.path("status").asText(), session.toString());
        assertEquals(finalized, session.path("finalized").asBoolean(), session.toString());
        return session;
    }

    /** The session as {@code GET /api/uploads/sessions?status=} lists it; fails when it is not there. */
    private JsonNode assertListed(String status, String sid) throws Exception {
        for (JsonNode s : listed(status)) {
            assertEquals(status, s.path("status").asText(), s.toString());
            if (s.path("session_id").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError(sid + " not listed as " + status + ": " + listed(status));
    }

    private void assertNotListed(String status, String sid) throws Exception {
        for (JsonNode s : listed(status)) {
            assertTrue(!s.path("session_id").asText().equals(sid), sid + " still listed as " + status);
        }
    }

    private JsonNode listed(String status) throws Exception {
        HttpResponse<String> r = send("GET", "/api/uploads/sessions?status=" + status, null, null);
        assertEquals(200, r.statusCode(), r.body());
        return body(r).path("data").path("sessions");
    }

    @Test
    void refusalsAreErrorEnvelopesWithHonestStatuses() throws Exception {
        String base = "/api/playlists/" + playlistId + "/uploads";
        assertError(
                send(
                        "POST",
                        "/api/playlists/nope/uploads/session",
                        json("{\"filename\":\"a.mp3\",\"file_size\":10}"),
                        null),
                404);
        assertError(
                send("POST", base + "/session", json("{\"filename\":\"../../etc/passwd.mp3\",\"file_size\":10}"), null),
                400);
        assertError(send("POST", base + "/session", json("{\"filename\":\"a.exe\",\"file_size\":10}"), null), 415);
        assertError(send("POST", base + "/session", json("{\"filename\":\"a.mp3\",\"file_size\":0}"), null), 413);
        assertError(send("POST", base + "/session", json("{\"filename\":\"a.mp3\"}"), null), 400);
        assertError(send("POST", base + "/session", json("{\"filename\":\"a.mp3\",\"file_size\":\"10\"}"), null), 400);
        assertError(send("GET", base + "/no-such-session", null, null), 404);
        assertError(send("DELETE", "/api/uploads/sessions/no-such-session", null, null), 404);

        Path text = ToneFiles.text(tmp, "list.mp3");
        byte[] bytes = Files.readAllBytes(text);
        JsonNode created = body(send(
                "POST",
                base + "/session",
                json("{\"filename\":\"list.mp3\",\"file_size\":" + bytes.length + "}"),
                null));
        String sid = created.path("data").path("session_id").asText();
        assertError(chunk(sid, 1, bytes), 400);
        assertError(chunk(sid, 0, Arrays.copyOf(bytes, bytes.length + 1)), 400);
        HttpResponse<String> noFile = send(
                "PUT",
                base + "/" + sid + "/chunks/0",
                HttpRequest.BodyPublishers.ofByteArray(multipart("other", bytes)),
                "multipart/form-data; boundary=" + BOUNDARY);
        assertError(noFile, 400);
        assertEquals(200, chunk(sid, 0, bytes).statusCode());
        assertError(send("POST", base + "/" + sid + "/finalize", json("{}"), null), 415);
        assertTrue(!Files.exists(tmp.resolve("data").resolve("uploads").resolve(sid)), "the text is gone");
        JsonNode refused = assertSession(sid, "error", false);
        assertTrue(refused.path("error_message").asText().contains("not MP3"), refused.toString());
        assertListed("error", sid);
        assertNotListed("completed", sid);

        JsonNode cleanup = body(send("POST", "/api/uploads/cleanup?max_age_hours=1", json(""), null));
        assertEquals(0, cleanup.path("data").path("cleaned_sessions").size());
        assertError(send("POST", "/api/uploads/cleanup?max_age_hours=0", json(""), null), 400);
    }

    // ---- helpers

    private HttpResponse<String> chunk(String sid, int index, byte[] bytes) throws Exception {
        return send(
                "PUT",
                "/api/playlists/" + playlistId + "/uploads/" + sid + "/chunks/" + index,
                HttpRequest.BodyPublishers.ofByteArray(multipart("file", bytes)),
                "multipart/form-data; boundary=" + BOUNDARY);
    }

    private static byte[] multipart(String field, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
                        + "\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static HttpRequest.BodyPublisher json(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String type)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            b.header("Content-Type", type == null ? "application/json" : type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> r) {
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
        return JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode node = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("error", node.path("status").asText(), r.body());
    }
}
