package org.openmusicbox.edge.box.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.box.PlayerMemory;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;

class SqlitePlayerMemoryTest {

    @TempDir
    Path dir;

    @Test
    void settingsAndResumePointsSurviveAReopen() {
        String playlistId;
        try (Database db = Database.open(dir)) {
            SqlitePlayerMemory memory = new SqlitePlayerMemory(db);
            assertEquals(PlayerMemory.Settings.DEFAULTS, memory.settings());
            memory.saveSettings(new PlayerMemory.Settings(30, 70, false, false));
            playlistId = new SqliteLibrary(db).create("A", "").id();
            memory.saveResumePoint(playlistId, new PlayerMemory.ResumePoint("track-1", 12_345));
            memory.saveResumePoint(playlistId, new PlayerMemory.ResumePoint("track-2", 678));
        }
        try (Database db = Database.open(dir)) {
            SqlitePlayerMemory memory = new SqlitePlayerMemory(db);
            assertEquals(new PlayerMemory.Settings(30, 70, false, false), memory.settings());
            assertEquals(
                    new PlayerMemory.ResumePoint("track-2", 678),
                    memory.resumePoint(playlistId).orElseThrow());
            memory.clearResumePoint(playlistId);
            assertTrue(memory.resumePoint(playlistId).isEmpty());
        }
    }

    @Test
    void aResumePointGoesWithItsPlaylist() {
        try (Database db = Database.open(dir)) {
            SqlitePlayerMemory memory = new SqlitePlayerMemory(db);
            SqliteLibrary library = new SqliteLibrary(db);
            String id = library.create("A", "").id();
            memory.saveResumePoint(id, new PlayerMemory.ResumePoint("t", 5));
            library.delete(id);
            assertTrue(memory.resumePoint(id).isEmpty());
            memory.saveResumePoint("deleted-meanwhile", new PlayerMemory.ResumePoint("t", 5));
            assertTrue(memory.resumePoint("deleted-meanwhile").isEmpty(), "no point for a playlist that is gone");
        }
    }

    @Test
    void settingsThatBreakTheMaximumAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlayerMemory.Settings(80, 70, true, true));
        assertThrows(IllegalArgumentException.class, () -> new PlayerMemory.Settings(10, 101, true, true));
    }
}
