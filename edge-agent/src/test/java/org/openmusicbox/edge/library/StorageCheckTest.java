package org.openmusicbox.edge.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;

class StorageCheckTest {

    @TempDir
    Path dir;

    @Test
    void missingTrackFilesAreReportedByName() throws Exception {
        try (Database db = Database.open(dir)) {
            SqliteLibrary library = new SqliteLibrary(db);
            String id = library.create("Stories", "").id();
            Path present = Files.writeString(library.mediaDir().resolve("a.mp3"), "x");
            library.addTrack(id, new Library.NewTrack("Here", "a.mp3", present.toString(), 1, null, null, 1));
            library.addTrack(
                    id,
                    new Library.NewTrack(
                            "Gone", "b.mp3", library.mediaDir().resolve("b.mp3").toString(), 1, null, null, 1));
            StorageCheck check = new StorageCheck(library, db::quickCheck);
            assertEquals(DeviceStatus.State.AVAILABLE, check.status().state(), "before the first run");

            StorageCheck.Result result = check.run();
            assertEquals(2, result.tracks());
            assertEquals(List.of("Stories / Gone"), result.missingFiles());
            assertEquals(DeviceStatus.State.FAILED, check.status().state());
            assertTrue(
                    check.status().detail().contains("1 of 2 track files are missing"),
                    check.status().detail());
        }
    }

    @Test
    void aCompleteLibraryWithRoomIsFine() {
        try (Database db = Database.open(dir)) {
            StorageCheck check = new StorageCheck(new SqliteLibrary(db), db::quickCheck);
            StorageCheck.Result result = check.run();
            assertTrue(result.freeBytes() > 0);
            assertEquals("ok", result.integrity());
            assertEquals(
                    new StorageCheck.Result("ok", 0, List.of(), StorageCheck.LOW_SPACE_BYTES - 1)
                            .status()
                            .state(),
                    DeviceStatus.State.FAILED,
                    "almost full is reported");
            assertEquals(
                    DeviceStatus.State.AVAILABLE,
                    new StorageCheck.Result("ok", 3, List.of(), StorageCheck.LOW_SPACE_BYTES * 10)
                            .status()
                            .state());
            DeviceStatus damaged = new StorageCheck.Result(
                            "row 3 missing from index", 3, List.of(), StorageCheck.LOW_SPACE_BYTES * 10)
                    .status();
            assertEquals(DeviceStatus.State.FAILED, damaged.state());
            assertTrue(damaged.detail().contains("damaged"), damaged.detail());
        }
    }

    @Test
    void aCheckThatThrowsIsAFindingNeverNotCheckedYet() {
        try (Database db = Database.open(dir)) {
            StorageCheck check = new StorageCheck(new SqliteLibrary(db), () -> {
                throw new IllegalStateException("disk I/O error");
            });
            StorageCheck.Result result = check.run();
            assertTrue(result.integrity().contains("disk I/O error"), result.integrity());
            assertEquals(DeviceStatus.State.FAILED, check.status().state());
            assertTrue(check.damage() != null && check.damage().contains("Restore a backup"), check.damage());
        }
    }

    @Test
    void halfWrittenFilesFromBeforeThisStartAreRemovedNewerOnesKept() throws Exception {
        try (Database db = Database.open(dir)) {
            SqliteLibrary library = new SqliteLibrary(db);
            Path old = Files.writeString(library.mediaDir().resolve(".abc.wav.part"), "half");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000));
            Path chunks = Files.createDirectories(dir.resolve("uploads").resolve("session-1"));
            Path oldChunk = Files.writeString(chunks.resolve(".chunk-3.part"), "half");
            Files.setLastModifiedTime(oldChunk, java.nio.file.attribute.FileTime.fromMillis(1_000));
            Path fresh = Files.writeString(library.mediaDir().resolve(".new.wav.part"), "writing");
            Path whole = Files.writeString(library.mediaDir().resolve("whole.wav"), "audio");
            Files.setLastModifiedTime(whole, java.nio.file.attribute.FileTime.fromMillis(1_000));

            int removed =
                    new StorageCheck(library, db::quickCheck).removeLeftovers(System.currentTimeMillis() - 60_000);
            assertEquals(2, removed);
            assertTrue(Files.notExists(old) && Files.notExists(oldChunk));
            assertTrue(Files.exists(fresh), "a write that may be in progress is left alone");
            assertTrue(Files.exists(whole), "only .part files are touched");
        }
    }
}
