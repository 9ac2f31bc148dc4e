package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/**
 * The statements that playlists, tracks and tag links all run inside their own transactions, on the
 * connection they are given: none of them opens or commits one.
 */
final class Queries {

    private Queries() {}

    static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM playlists");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM playlists WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Optional<Playlist> load(Connection c, String id) throws SQLException {
        Rows.PlaylistRow row;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + Rows.PLAYLIST_COLUMNS + " FROM playlists p WHERE p.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = Rows.playlistRow(rs);
            }
        }
        List<Track> tracks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + Rows.TRACK_COLUMNS + " FROM tracks t WHERE t.playlist_id = ? ORDER BY t.track_number")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tracks.add(Rows.track(rs));
                }
            }
        }
        return Optional.of(row.with(tracks));
    }

    static List<String> orderedTrackIds(Connection c, String playlistId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM tracks WHERE playlist_id = ? ORDER BY track_number")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    static Map<Integer, Rows.TrackFile> trackFilesByNumber(Connection c, String playlistId) throws SQLException {
        Map<Integer, Rows.TrackFile> byNumber = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, track_number, file_path FROM tracks WHERE playlist_id = ? ORDER BY track_number")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byNumber.put(rs.getInt(2), new Rows.TrackFile(rs.getString(1), rs.getString(3)));
                }
            }
        }
        return byNumber;
    }

    /** The paths that no remaining track refers to: only those files may go. */
    static List<String> unreferenced(Connection c, List<String> paths) throws SQLException {
        List<String> free = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tracks WHERE file_path = ? LIMIT 1")) {
            for (String path : new LinkedHashSet<>(paths)) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        free.add(path);
                    }
                }
            }
        }
        return free;
    }

    static void touch(Connection c, String playlistId, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE playlists SET updated_at = ? WHERE id = ?")) {
            ps.setString(1, now);
            ps.setString(2, playlistId);
            ps.executeUpdate();
        }
    }

    static void execute(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /**
     * A playlist deleted in the cloud stays shown while it has a live track, and one only a track from the cloud
     * names is shown untitled (docs/sync.md); when its last track leaves, its row goes too, as the model's view
     * no longer shows it. True when the row went.
     */
    static boolean dropIfOnlyTracksKeptIt(Connection c, String playlistId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM playlists WHERE id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM tracks WHERE playlist_id = ?) "
                + "AND (NOT EXISTS (SELECT 1 FROM field_stamps WHERE entity = 'playlist' AND entity_id = ?) "
                + "OR EXISTS (SELECT 1 FROM field_stamps WHERE entity = 'playlist' AND entity_id = ? "
                + "AND field = 'deleted' AND value = 'true'))")) {
            ps.setString(1, playlistId);
            ps.setString(2, playlistId);
            ps.setString(3, playlistId);
            ps.setString(4, playlistId);
            return ps.executeUpdate() > 0;
        }
    }
}
