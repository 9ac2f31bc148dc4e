package org.openmusicbox.edge.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.library.sqlite.SqliteOutbox;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * V6 on a library written before the sync tables: its rows become one unsent write of the box (stamps with their
 * values, outbox entries, the order of each playlist), so a page from the cloud that touches them keeps them.
 */
class CloudChangesMigrationTest {

    @TempDir
    Path tmp;

    @Test
    void rowsOlderThanTheSyncTablesAreStampedAndSentAndSurviveACloudPage() {
        List<org.openmusicbox.schema.Migration> all =
                org.openmusicbox.schema.Migration.fromClasspath(getClass().getClassLoader());
        try (Database v5 = new Database(tmp, all.subList(0, 5))) {
            v5.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO playlists (id, title, description, nfc_tag_id, position, created_at, "
                            + "updated_at) VALUES ('p', 'Old', NULL, '04a1', 1, 'x', 'x')");
                    // Numbered against the id order, so a view ordering them by id alone would be caught.
                    s.execute("INSERT INTO tracks (id, playlist_id, track_number, title, filename, file_path, "
                            + "duration_ms, artist, album, file_size, created_at, updated_at) VALUES "
                            + "('t1', 'p', 2, 'One', 'one.mp3', 'one.mp3', 10, 'A', NULL, 1, 'x', 'x'), "
                            + "('t2', 'p', 1, 'Two', 'two.mp3', 'two.mp3', 20, NULL, NULL, 1, 'x', 'x')");
                }
                return null;
            });
        }
        try (Database db = Database.open(tmp)) {
            List<String> stamped = column(
                    db,
                    "SELECT entity || '/' || entity_id || '.' || field || '=' || value "
                            + "FROM field_stamps ORDER BY 1");
            assertEquals(
                    List.of(
                            "playlist/p.order=[\"t2\",\"t1\"]",
                            "playlist/p.title=\"Old\"",
                            "tag/04a1.playlist_id=\"p\"",
                            "track/t1.artist=\"A\"",
                            "track/t1.duration_ms=10",
                            "track/t1.playlist_id=\"p\"",
                            "track/t1.title=\"One\"",
                            "track/t2.duration_ms=20",
                            "track/t2.playlist_id=\"p\"",
                            "track/t2.title=\"Two\""),
                    stamped);
            assertEquals(stamped.size(), new SqliteOutbox(db).depth(), "each waits to be sent");
            assertEquals(
                    1,
                    column(db, "SELECT DISTINCT hlc || origin FROM field_stamps")
                            .size(),
                    "one write, one stamp");

            Library library = new SqliteLibrary(db, System::currentTimeMillis);
            long later = Hlc.pack(System.currentTimeMillis(), 0);
            library.applyFromCloud(
                    1,
                    List.of(new FieldChange(
                            Entity.PLAYLIST, "p", Fields.TITLE, "Renamed", new Stamp(later, "cloud-a"), "c1")));
            var p = library.playlist("p").orElseThrow();
            assertEquals("Renamed", p.title());
            assertEquals(List.of("t2", "t1"), p.tracks().stream().map(Track::id).toList(), "kept, in their order");
            assertEquals("04a1", p.nfcTagId());
            assertTrue(library.playlistForTag("04a1").isPresent());
        }
    }

    private static List<String> column(Database db, String sql) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
