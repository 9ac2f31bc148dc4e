package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps a playlist's track numbers dense, 1..n, after a track is moved, deleted or reordered. */
final class Renumbering {

    private Renumbering() {}

    /**
     * Gives the playlist's tracks the numbers 1..n in {@code order}, which must list each of its tracks
     * once. SQLite checks UNIQUE(playlist_id, track_number) row by row and cannot defer it, so the tracks
     * whose number changes are first parked above the playlist's highest number, then set. Returns how
     * many tracks changed number.
     */
    static int renumber(Connection c, String playlistId, List<String> order, String now) throws SQLException {
        Map<String, Integer> current = new LinkedHashMap<>();
        int highest = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, track_number FROM tracks WHERE playlist_id = ?")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.put(rs.getString(1), rs.getInt(2));
                    highest = Math.max(highest, rs.getInt(2));
                }
            }
        }
        if (current.size() != order.size() || !current.keySet().containsAll(order)) {
            throw new IllegalStateException("renumbering order does not match the tracks of playlist " + playlistId);
        }
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (current.get(order.get(i)) != i + 1) {
                changed.add(order.get(i));
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement park =
                c.prepareStatement("UPDATE tracks SET track_number = track_number + ? WHERE id = ?")) {
            for (String id : changed) {
                park.setInt(1, highest);
                park.setString(2, id);
                park.addBatch();
            }
            park.executeBatch();
        }
        try (PreparedStatement set =
                c.prepareStatement("UPDATE tracks SET track_number = ?, updated_at = ? WHERE id = ?")) {
            for (int i = 0; i < order.size(); i++) {
                String id = order.get(i);
                if (current.get(id) != i + 1) {
                    set.setInt(1, i + 1);
                    set.setString(2, now);
                    set.setString(3, id);
                    set.addBatch();
                }
            }
            set.executeBatch();
        }
        return changed.size();
    }
}
