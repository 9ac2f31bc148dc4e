package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;

/**
 * Issue 12, finding 9: every text field a client sets over HTTP refuses control characters, text
 * direction overrides and lone surrogates, names the field, and changes nothing.
 */
class ClientTextHttpTest {

    /** Written as JSON escapes, so that a lone surrogate reaches the box as sent. */
    static final List<String> BAD = List.of(
            "\\u0000", "\\u0007", "\\u001b", "\\u007f", "\\u0085", "\\u009b", "\\u202a", "\\u202e", "\\u2066",
            "\\u2069", "\\ud800", "\\udfff");

    @TempDir
    Path tmp;

    private RunningBox box;
    private String playlistId;

    @BeforeEach
    void start() throws Exception {
        box = new RunningBox(tmp.resolve("data"));
        RunningBox.Reply created = box.send("POST", "/api/playlists", "{\"title\":\"Songs\",\"description\":\"car\"}");
        assertEquals(201, created.status(), created.toString());
        playlistId = created.body().path("data").path("id").asText();
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private JsonNode library() throws Exception {
        JsonNode data = box.get("/api/playlists?limit=100").body().path("data").path("playlists");
        return data;
    }

    private void refused(RunningBox.Reply r, String field, String what) {
        assertEquals(400, r.status(), what + ": " + r);
        assertEquals("validation_error", r.errorType(), what);
        assertTrue(r.message().contains(field), what + ": the message names " + field + ": " + r.message());
    }

    @Test
    void playlistTitlesAndDescriptionsRefuseEveryBadCharacter() throws Exception {
        JsonNode before = library();
        for (String bad : BAD) {
            String text = "a" + bad + "b";
            refused(box.send("POST", "/api/playlists", "{\"title\":\"" + text + "\"}"), "title", "create title " + bad);
            refused(
                    box.send("POST", "/api/playlists", "{\"title\":\"ok\",\"description\":\"" + text + "\"}"),
                    "description",
                    "create description " + bad);
            refused(
                    box.send("PUT", "/api/playlists/" + playlistId, "{\"title\":\"" + text + "\"}"),
                    "title",
                    "update title " + bad);
            refused(
                    box.send("PUT", "/api/playlists/" + playlistId, "{\"description\":\"" + text + "\"}"),
                    "description",
                    "update description " + bad);
        }
        assertEquals(before, library(), "nothing changed");
        RunningBox.Reply lines = box.send(
                "PUT", "/api/playlists/" + playlistId, "{\"description\":\"line one\\nline two\\twith a tab\"}");
        assertEquals(200, lines.status(), "a description may hold line breaks and tabs: " + lines);
        refused(
                box.send("PUT", "/api/playlists/" + playlistId, "{\"title\":\"two\\nlines\"}"),
                "title",
                "a title may not");
    }

    @Test
    void uploadNamesAndFinalizeOverridesRefuseEveryBadCharacter() throws Exception {
        for (String bad : BAD) {
            refused(
                    box.send(
                            "POST",
                            "/api/playlists/" + playlistId + "/uploads/session",
                            "{\"filename\":\"song" + bad + "gpj.mp3\",\"file_size\":100}"),
                    "filename",
                    "filename " + bad);
        }
        assertEquals(
                0,
                box.get("/api/uploads/sessions")
                        .body()
                        .path("data")
                        .path("sessions")
                        .size(),
                "no session was opened");

        byte[] wav = Files.readAllBytes(ToneFiles.wav(tmp, "Tone.wav", 440, 500, 8_000, 1));
        RunningBox.Reply session = box.send(
                "POST",
                "/api/playlists/" + playlistId + "/uploads/session",
                "{\"filename\":\"Tone.wav\",\"file_size\":" + wav.length + "}");
        assertEquals(201, session.status(), session.toString());
        String sid = session.body().path("data").path("session_id").asText();
        assertEquals(200, box.chunk(playlistId, sid, 0, wav).status());
        String finalize = "/api/playlists/" + playlistId + "/uploads/" + sid + "/finalize";
        for (String field : List.of("title", "artist", "album")) {
            for (String bad : BAD) {
                refused(
                        box.send("POST", finalize, "{\"metadata_override\":{\"" + field + "\":\"x" + bad + "\"}}"),
                        "metadata_override." + field,
                        "override " + field + " " + bad);
            }
        }
        // Its one chunk arrived, so it is completed (not finalized), and the refusals changed nothing.
        JsonNode left = box.get("/api/playlists/" + playlistId + "/uploads/" + sid)
                .body()
                .path("data");
        assertEquals("completed", left.path("status").asText(), "the refused finalizes left the session as it was");
        assertEquals(false, left.path("finalized").asBoolean(), left.toString());
        RunningBox.Reply done = box.send("POST", finalize, "{\"metadata_override\":{\"title\":\"Clean\"}}");
        assertEquals(200, done.status(), done.toString());
        assertEquals(
                "Clean", done.body().path("data").path("track").path("title").asText());
    }

    @Test
    void idsAndTagsRefuseEveryBadCharacter() throws Exception {
        JsonNode before = library();
        for (String bad : BAD) {
            refused(
                    box.send(
                            "POST",
                            "/api/nfc/associate",
                            "{\"playlist_id\":\"" + playlistId + "\",\"tag_id\":\"04a1" + bad + "\"}"),
                    "tag_id",
                    "tag_id " + bad);
            refused(
                    box.send(
                            "POST", "/api/nfc/associate", "{\"playlist_id\":\"x" + bad + "\",\"tag_id\":\"04a1b2c3\"}"),
                    "playlist_id",
                    "playlist_id " + bad);
            refused(
                    box.send(
                            "POST",
                            "/api/playlists/" + playlistId + "/reorder",
                            "{\"track_order\":[\"t" + bad + "\"]}"),
                    "track_order",
                    "track_order " + bad);
        }
        assertEquals(before, library(), "nothing changed");
    }
}
