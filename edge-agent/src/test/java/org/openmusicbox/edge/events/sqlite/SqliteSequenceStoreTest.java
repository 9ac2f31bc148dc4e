package org.openmusicbox.edge.events.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;

class SqliteSequenceStoreTest {

    @TempDir
    Path tmp;

    @Test
    void aFreshBoxStartsAtZero() {
        try (Database db = Database.open(tmp)) {
            assertEquals(0, new SqliteSequenceStore(db).load());
        }
    }

    @Test
    void theSavedMarkSurvivesAReopen() {
        try (Database db = Database.open(tmp)) {
            SqliteSequenceStore store = new SqliteSequenceStore(db);
            store.save(1_000);
            store.save(2_000);
            assertEquals(2_000, store.load());
        }
        try (Database db = Database.open(tmp)) {
            assertEquals(2_000, new SqliteSequenceStore(db).load());
        }
    }

    @Test
    void theMarkNeverGoesBackwards() {
        try (Database db = Database.open(tmp)) {
            SqliteSequenceStore store = new SqliteSequenceStore(db);
            store.save(500);
            assertThrows(IllegalArgumentException.class, () -> store.save(499));
            assertThrows(IllegalArgumentException.class, () -> store.save(-1));
            store.save(500);
            assertEquals(500, store.load());
        }
    }

    @Test
    void largeMarksRoundTrip() {
        try (Database db = Database.open(tmp)) {
            SqliteSequenceStore store = new SqliteSequenceStore(db);
            store.save(Long.MAX_VALUE - 1);
            assertEquals(Long.MAX_VALUE - 1, store.load());
        }
    }
}
