package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.DatabaseException;

/**
 * A card that fills up or turns read-only (issue 12, finding 7), on a real small tmpfs: the parent is
 * told which, with an honest status, and nothing they had is lost.
 */
class FullOrReadOnlyCardTest {

    @TempDir
    Path tmp;

    @Test
    void aFullCardRefusesPlaylistWritesWith507AndKeepsWhatWasThere() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp, "4m")) {
            ParentLibrary before = ParentLibrary.create(disk.dir.resolve("data"));
            int created = 0;
            RunningBox.Reply refused = null;
            try (RunningBox box = new RunningBox(before.dataDir())) {
                box.healthAfterCheck();
                Path filler = disk.fill();
                String description = "d".repeat(1000);
                for (int i = 0; i < 5_000 && refused == null; i++) {
                    RunningBox.Reply r = box.send(
                            "POST",
                            "/api/playlists",
                            "{\"title\":\"More " + i + "\",\"description\":\"" + description + "\"}");
                    if (r.status() == 201) {
                        created++;
                    } else {
                        refused = r;
                    }
                }
                assertTrue(refused != null, "a full card refused a playlist at some point");
                assertEquals(507, refused.status(), refused.toString());
                assertEquals("insufficient_storage", refused.errorType());
                assertTrue(refused.message().contains("storage is full"), refused.message());

                RunningBox.Reply health = box.get("/api/health");
                assertEquals(200, health.status(), "health answers on a full card: " + health);
                RunningBox.Reply list = box.get("/api/playlists?limit=100");
                assertEquals(200, list.status(), list.toString());
                assertEquals(
                        2 + created,
                        list.body().path("data").path("playlists").size(),
                        "the refused write left nothing half-done");
                Files.delete(filler);
                assertEquals(
                        201,
                        box.send("POST", "/api/playlists", "{\"title\":\"Room again\"}")
                                .status(),
                        "with room again, writes work");
            }
            assertEquals(
                    before.files(), ParentLibrary.fingerprint(before.dataDir().resolve("media")));
        }
    }

    @Test
    void aReadOnlyCardStopsTheStartWithWordsThatSayReadOnlyAndChangesNothing() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp, "4m")) {
            ParentLibrary before = ParentLibrary.create(disk.dir.resolve("data"));
            byte[] library = Files.readAllBytes(before.libraryFile());
            disk.readOnly();
            DatabaseException e = assertThrows(DatabaseException.class, () -> new RunningBox(before.dataDir()).close());
            assertTrue(
                    e.getMessage().contains("is read-only")
                            && e.getMessage().contains("Make the data directory " + "writable"),
                    e.getMessage());
            assertEquals(
                    before.files(), ParentLibrary.fingerprint(before.dataDir().resolve("media")));
            assertEquals(List.of(), before.keptAside());
            assertTrue(java.util.Arrays.equals(library, Files.readAllBytes(before.libraryFile())), "library unchanged");
        }
    }
}
