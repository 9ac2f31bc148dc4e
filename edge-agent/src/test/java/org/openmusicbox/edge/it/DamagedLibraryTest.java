package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.edge.library.LibraryDamage;

/**
 * A library file damaged by the card (issue 12, finding 6): health says so with what to do, reads
 * and writes say "damaged" instead of an internal error, and nothing the parent had is lost.
 */
class DamagedLibraryTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"playlists", "tracks", "upload_sessions"})
    void aDamagedTableMakesTheBoxUnhealthyWithAReasonAndLosesNothing(String table) throws Exception {
        ParentLibrary before = ParentLibrary.create(tmp.resolve("data"));
        LibraryDamage.rootPage(before.libraryFile(), table);
        byte[] damaged = Files.readAllBytes(before.libraryFile());

        try (RunningBox box = new RunningBox(before.dataDir())) {
            RunningBox.Reply health = box.healthAfterCheck();
            assertEquals(503, health.status(), health.toString());
            assertEquals("unhealthy", health.body().path("data").path("status").asText(), health.toString());
            assertEquals(
                    "error",
                    health.body()
                            .path("data")
                            .path("components")
                            .path("database")
                            .asText());
            assertTrue(health.body().path("data").path("services").path("api").isBoolean(), health.toString());
            assertFalse(
                    health.body().path("data").path("services").path("api").asBoolean(),
                    "the API cannot serve a damaged library: " + health);
            String why =
                    health.body().path("data").path("details").path("database").asText();
            assertTrue(
                    why.contains("is damaged") && why.contains("Restore a backup") && why.contains("audio files"),
                    "what is wrong, what the box did, what to do: " + why);

            String path = table.equals("upload_sessions") ? "/api/uploads/sessions" : "/api/playlists";
            RunningBox.Reply read = box.get(path);
            assertEquals(503, read.status(), read.toString());
            assertEquals("library_damaged", read.errorType(), read.toString());
            if (table.equals("playlists")) {
                RunningBox.Reply write = box.send("POST", "/api/playlists", "{\"title\":\"New\"}");
                assertEquals(503, write.status(), write.toString());
                assertEquals("library_damaged", write.errorType());
            }
        }
        assertEquals(
                before.files(),
                ParentLibrary.fingerprint(before.dataDir().resolve("media")),
                "every track file is still there");
        assertEquals(List.of(), before.keptAside(), "a damaged but readable file stays in place for a repair");
        assertTrue(Files.exists(before.libraryFile()));
        assertEquals(damaged.length, Files.size(before.libraryFile()), "the box did not grow or rewrite the file");
    }

    @Test
    void aZeroByteLibraryIsKeptAsideAndTheBoxSaysItRecoveredWithEveryFileKept() throws Exception {
        ParentLibrary before = ParentLibrary.create(tmp.resolve("data"));
        Files.write(before.libraryFile(), new byte[0]);
        startsFreshAndReportsTheKeptCopy(before, 0);
    }

    @Test
    void aLibraryOverwrittenWithOtherBytesIsTreatedTheSame() throws Exception {
        ParentLibrary before = ParentLibrary.create(tmp.resolve("data"));
        byte[] junk = "this is not a database, but a parent's library must not vanish".getBytes();
        Files.write(before.libraryFile(), junk);
        startsFreshAndReportsTheKeptCopy(before, junk.length);
        assertArrayEquals(junk, Files.readAllBytes(before.keptAside().get(0)), "kept byte for byte");
    }

    private static void startsFreshAndReportsTheKeptCopy(ParentLibrary before, long keptSize) throws Exception {
        try (RunningBox box = new RunningBox(before.dataDir())) {
            RunningBox.Reply health = box.healthAfterCheck();
            assertEquals(200, health.status(), health.toString());
            assertEquals("degraded", health.body().path("data").path("status").asText(), health.toString());
            assertEquals(
                    "failed",
                    health.body()
                            .path("data")
                            .path("components")
                            .path("storage")
                            .asText());
            String why =
                    health.body().path("data").path("details").path("storage").asText();
            assertTrue(
                    why.startsWith("Recovered from a damaged library")
                            && why.contains("library.db.damaged-")
                            && why.contains("were kept")
                            && why.contains("Restore a backup"),
                    why);
            assertEquals(
                    0,
                    box.get("/api/playlists")
                            .body()
                            .path("data")
                            .path("playlists")
                            .size(),
                    "a new, empty library");
            assertEquals(
                    201,
                    box.send("POST", "/api/playlists", "{\"title\":\"After\"}").status(),
                    "the box works on with the new library");
        }
        List<Path> kept = before.keptAside();
        assertEquals(1, kept.size(), "one kept copy: " + kept);
        assertEquals(keptSize, Files.size(kept.get(0)));
        assertNotEquals(0, Files.size(before.libraryFile()), "a new library took its place");
        assertEquals(
                before.files(),
                ParentLibrary.fingerprint(before.dataDir().resolve("media")),
                "every track file is still there");

        try (RunningBox again = new RunningBox(before.dataDir())) {
            String why = again.healthAfterCheck()
                    .body()
                    .path("data")
                    .path("details")
                    .path("storage")
                    .asText();
            assertTrue(why.startsWith("Recovered from a damaged library"), "a restart does not hide it: " + why);
            assertEquals(
                    1,
                    again.get("/api/playlists")
                            .body()
                            .path("data")
                            .path("playlists")
                            .size());
        }
        assertEquals(kept, before.keptAside(), "a good library is never set aside");
    }
}
