package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.openmusicbox.edge.db.Database;

/**
 * Which track has a cover picture, in {@code track_covers}: the file's name relative to the media directory,
 * looked up by the track's id (an id is only ever a query parameter, never part of a path).
 */
final class SqliteCovers {

    private final Database db;

    SqliteCovers(Database db) {
        this.db = db;
    }

    /** Links a track to its cover; false when the track is gone. */
    boolean link(String trackId, String file) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO track_covers (track_id, file) "
                    + "SELECT id, ? FROM tracks WHERE id = ?")) {
                ps.setString(1, file);
                ps.setString(2, trackId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    Optional<String> forTrack(String trackId) {
        return one("SELECT file FROM track_covers WHERE track_id = ?", trackId);
    }

    /** The cover of the first track, in order, that has one. */
    Optional<String> forPlaylist(String playlistId) {
        return one(
                "SELECT c.file FROM tracks t JOIN track_covers c ON c.track_id = t.id WHERE t.playlist_id = ? "
                        + "ORDER BY t.track_number LIMIT 1",
                playlistId);
    }

    private Optional<String> one(String sql, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }
}
