package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, finding 8: open uploads are limited in number and in the space they declare. */
class UploadLimitsHttpTest {

    @TempDir
    Path tmp;

    @Test
    void thousandsOfLargeSessionsAreNotAcceptedTheFirstRefusalIsClear() throws Exception {
        try (RunningBox box = new RunningBox(tmp.resolve("data"))) {
            String id = box.send("POST", "/api/playlists", "{\"title\":\"Songs\"}")
                    .body()
                    .path("data")
                    .path("id")
                    .asText();
            long free = Files.getFileStore(tmp).getUsableSpace();
            int accepted = 0;
            RunningBox.Reply refused = null;
            for (int i = 0; i < 3_000 && refused == null; i++) {
                RunningBox.Reply r = box.send(
                        "POST",
                        "/api/playlists/" + id + "/uploads/session",
                        "{\"filename\":\"s" + i + ".mp3\",\"file_size\":" + 200L * 1024 * 1024 + "}");
                if (r.status() == 201) {
                    accepted++;
                } else {
                    refused = r;
                }
            }
            assertTrue(refused != null, "3,000 sessions of 200 MB are not all accepted");
            assertTrue(accepted <= 100, accepted + " accepted");
            assertTrue(accepted * 2L * 200 * 1024 * 1024 <= free, "never more declared than is free: " + accepted);
            assertTrue(
                    refused.status() == 429 && refused.errorType().equals("too_many_uploads")
                            || refused.status() == 507 && refused.errorType().equals("insufficient_storage"),
                    refused.toString());
            assertEquals(
                    accepted,
                    box.get("/api/uploads/sessions?limit=100")
                            .body()
                            .path("data")
                            .path("sessions")
                            .size(),
                    "a refused session is not stored");
        }
    }

    @Test
    void theCountIsConfigurableAndACancelledSessionFreesItsPlace() throws Exception {
        try (RunningBox box = new RunningBox(tmp.resolve("data"), Map.of("omb.uploads.max-open-sessions", "2"))) {
            String id = box.send("POST", "/api/playlists", "{\"title\":\"Songs\"}")
                    .body()
                    .path("data")
                    .path("id")
                    .asText();
            String path = "/api/playlists/" + id + "/uploads/session";
            String first = box.send("POST", path, "{\"filename\":\"a.mp3\",\"file_size\":1000}")
                    .body()
                    .path("data")
                    .path("session_id")
                    .asText();
            assertEquals(
                    201,
                    box.send("POST", path, "{\"filename\":\"b.mp3\",\"file_size\":1000}")
                            .status());
            RunningBox.Reply third = box.send("POST", path, "{\"filename\":\"c.mp3\",\"file_size\":1000}");
            assertEquals(429, third.status(), third.toString());
            assertEquals("too_many_uploads", third.errorType());
            assertTrue(third.message().contains("2 uploads are already open"), third.message());
            assertEquals(
                    200,
                    box.send("DELETE", "/api/uploads/sessions/" + first, null).status());
            assertEquals(
                    201,
                    box.send("POST", path, "{\"filename\":\"c.mp3\",\"file_size\":1000}")
                            .status());
        }
    }

    @Test
    void whatOpenSessionsDeclaredMustLeaveTheMarginFree() throws Exception {
        // A disk of its own: the shared one's free space moves while other work runs.
        try (SmallDisk disk = SmallDisk.mount(tmp, "64m");
                RunningBox box = new RunningBox(
                        disk.dir.resolve("data"),
                        Map.of("omb.uploads.space-margin-bytes", Long.toString(10L * 1024 * 1024)))) {
            String id = box.send("POST", "/api/playlists", "{\"title\":\"Songs\"}")
                    .body()
                    .path("data")
                    .path("id")
                    .asText();
            String path = "/api/playlists/" + id + "/uploads/session";
            long size = 20L * 1024 * 1024;
            // 40 MiB of chunks and assembled file and 10 MiB kept back fit on 64 MiB; twice that does not.
            assertEquals(
                    201,
                    box.send("POST", path, "{\"filename\":\"a.mp3\",\"file_size\":" + size + "}")
                            .status());
            RunningBox.Reply second = box.send("POST", path, "{\"filename\":\"b.mp3\",\"file_size\":" + size + "}");
            assertEquals(507, second.status(), second.toString());
            assertEquals("insufficient_storage", second.errorType());
            assertTrue(second.message().contains("for uploads already open"), second.message());
        }
    }
}
