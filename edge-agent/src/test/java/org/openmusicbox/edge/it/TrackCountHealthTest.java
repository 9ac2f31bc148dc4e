package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;

/**
 * Health's storage sentence counts the track files when health is read, not once at the start: a box
 * that started empty and then received two tracks says so (it used to say "0 track files present").
 */
class TrackCountHealthTest {

    @TempDir
    Path tmp;

    @Test
    void healthCountsTheTracksAddedSinceTheStart() throws Exception {
        try (RunningBox box = new RunningBox(tmp.resolve("data"))) {
            assertTrue(storageDetail(box.healthAfterCheck()).startsWith("0 track files present"), "empty at start");
            RunningBox.Reply created = box.send("POST", "/api/playlists", "{\"title\":\"Counted\"}");
            assertEquals(201, created.status(), created.toString());
            String id = created.body().path("data").path("id").asText();
            upload(box, id, ToneFiles.wav(tmp, "One.wav", 440, 500, 8_000, 1));
            upload(box, id, ToneFiles.wav(tmp, "Two.wav", 660, 500, 8_000, 1));

            String detail = storageDetail(box.get("/api/health"));
            assertTrue(detail.startsWith("2 track files present"), "counted when read: " + detail);

            assertEquals(
                    200,
                    box.send("DELETE", "/api/playlists/" + id + "/tracks", "{\"track_numbers\":[1]}")
                            .status());
            detail = storageDetail(box.get("/api/health"));
            assertTrue(detail.startsWith("1 track files present"), "a deleted track is no longer counted: " + detail);
        }
    }

    @Test
    void aRefusedUploadAddsNothingToTheCount() throws Exception {
        try (RunningBox box = new RunningBox(tmp.resolve("data"))) {
            box.healthAfterCheck();
            String id = box.send("POST", "/api/playlists", "{\"title\":\"Nothing\"}")
                    .body()
                    .path("data")
                    .path("id")
                    .asText();
            RunningBox.Reply session = box.send(
                    "POST",
                    "/api/playlists/" + id + "/uploads/session",
                    "{\"filename\":\"notes.txt\",\"file_size\":5}");
            assertEquals("unsupported_media_type", session.errorType(), session.toString());
            String detail = storageDetail(box.get("/api/health"));
            assertTrue(detail.startsWith("0 track files present"), detail);
        }
    }

    private static String storageDetail(RunningBox.Reply health) {
        return health.body().path("data").path("details").path("storage").asText();
    }

    private static void upload(RunningBox box, String playlistId, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        RunningBox.Reply session = box.send(
                "POST",
                "/api/playlists/" + playlistId + "/uploads/session",
                "{\"filename\":\"" + file.getFileName() + "\",\"file_size\":" + bytes.length + "}");
        assertEquals(201, session.status(), session.toString());
        String sessionId = session.body().path("data").path("session_id").asText();
        assertEquals(1, session.body().path("data").path("total_chunks").asInt(), "one chunk is enough here");
        RunningBox.Reply chunk = box.chunk(playlistId, sessionId, 0, bytes);
        assertEquals(200, chunk.status(), chunk.toString());
        RunningBox.Reply done =
                box.send("POST", "/api/playlists/" + playlistId + "/uploads/" + sessionId + "/finalize", "{}");
        assertEquals(200, done.status(), done.toString());
    }
}
