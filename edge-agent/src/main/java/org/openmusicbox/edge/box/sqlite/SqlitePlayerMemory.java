package org.openmusicbox.edge.box.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.openmusicbox.edge.box.PlayerMemory;
import org.openmusicbox.edge.db.Database;

/**
 * The player's memory in the library file: resume points in their own table (they go with their
 * playlist), settings as keys of {@code box_meta}. Each write is one committed transaction.
 */
public final class SqlitePlayerMemory implements PlayerMemory {

    private static final String VOLUME = "player.volume";
    private static final String MAX_VOLUME = "player.max_volume";
    private static final String RESUME = "player.resume";
    private static final String PAUSE_ON_LIFT = "player.pause_on_lift";

    private final Database db;

    public SqlitePlayerMemory(Database database) {
        this.db = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<ResumePoint> resumePoint(String playlistId) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT track_id, position_ms FROM resume_points WHERE playlist_id = ?")) {
                ps.setString(1, playlistId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new ResumePoint(rs.getString(1), rs.getLong(2)))
                            : Optional.<ResumePoint>empty();
                }
            }
        });
    }

    @Override
    public void saveResumePoint(String playlistId, ResumePoint point) {
        db.inTransaction(c -> {
            // A point for a playlist deleted meanwhile has nothing to refer to: skip it quietly.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO resume_points "
                    + "(playlist_id, track_id, position_ms, updated_at) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM playlists WHERE id = ?) "
                    + "ON CONFLICT (playlist_id) DO UPDATE SET track_id = excluded.track_id, "
                    + "position_ms = excluded.position_ms, updated_at = excluded.updated_at")) {
                ps.setString(1, playlistId);
                ps.setString(2, point.trackId());
                ps.setLong(3, Math.max(0, point.positionMs()));
                ps.setString(4, Instant.now().toString());
                ps.setString(5, playlistId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void clearResumePoint(String playlistId) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM resume_points WHERE playlist_id = ?")) {
                ps.setString(1, playlistId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Settings settings() {
        return db.read(c -> {
            Settings d = Settings.DEFAULTS;
            int max = (int) number(c, MAX_VOLUME, d.maxVolume());
            int volume = (int) Math.min(number(c, VOLUME, d.volume()), max);
            boolean resume = number(c, RESUME, d.resume() ? 1 : 0) != 0;
            boolean pauseOnLift = number(c, PAUSE_ON_LIFT, d.pauseOnLift() ? 1 : 0) != 0;
            return new Settings(volume, max, resume, pauseOnLift);
        });
    }

    @Override
    public void saveSettings(Settings settings) {
        db.inTransaction(c -> {
            put(c, VOLUME, settings.volume());
            put(c, MAX_VOLUME, settings.maxVolume());
            put(c, RESUME, settings.resume() ? 1 : 0);
            put(c, PAUSE_ON_LIFT, settings.pauseOnLift() ? 1 : 0);
            return null;
        });
    }

    private static long number(java.sql.Connection c, String key, long fallback) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return fallback;
                }
                try {
                    return Long.parseLong(rs.getString(1));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
    }

    private static void put(java.sql.Connection c, String key, long value) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO box_meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, Long.toString(value));
            ps.executeUpdate();
        }
    }
}
