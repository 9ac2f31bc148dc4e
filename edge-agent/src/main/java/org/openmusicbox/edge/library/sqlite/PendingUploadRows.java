package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.PendingUploads;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PendingUploads} in table {@code media_uploads} (V7). */
public final class PendingUploadRows implements PendingUploads {

    private static final Logger log = LoggerFactory.getLogger(PendingUploadRows.class);

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** The media store's formats (docs/mqtt.md, media/requests); a file named otherwise cannot be sent. */
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,8}");

    private final Database db;
    private final SyncLog syncLog;

    public PendingUploadRows(Database database, LongSupplier wallClockMillis) {
        this.db = Objects.requireNonNull(database, "database");
        this.syncLog = new SyncLog(wallClockMillis);
    }

    /**
     * In the transaction that adds {@code track}: its file is to go up. Nothing when it has no sha256; a file the
     * store cannot name (no usable extension) is logged and left on the box only.
     */
    static void record(Connection c, NewTrack track, String filePath, String now) throws SQLException {
        if (track.sha256() == null) {
            return;
        }
        String sha256 = track.sha256().toLowerCase(Locale.ROOT);
        int dot = filePath.lastIndexOf('.');
        String format = dot < 0 ? "" : filePath.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches() || !FORMAT.matcher(format).matches() || track.fileSize() < 1) {
            log.warn("Track file {} stays on the box only: the media store cannot name it", filePath);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO media_uploads (sha256, format, size, path, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, sha256);
            ps.setString(2, format);
            ps.setLong(3, track.fileSize());
            ps.setString(4, filePath);
            ps.setString(5, now);
            ps.executeUpdate();
        }
    }

    @Override
    public List<Pending> all() {
        return db.read(c -> {
            List<Pending> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT sha256, format, size, path, mismatches FROM media_uploads ORDER BY created_at, sha256");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Pending(
                            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getInt(5)));
                }
            }
            return rows;
        });
    }

    @Override
    public void stored(String sha256) {
        db.inTransaction(c -> {
            List<Change> changes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, u.format, u.size FROM media_uploads u "
                    + "JOIN tracks t ON t.file_path = u.path WHERE u.sha256 = ? ORDER BY t.id")) {
                ps.setString(1, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String format = rs.getString(2);
                        Media media = new Media(sha256, "media/" + sha256 + "." + format, format, rs.getLong(3));
                        changes.add(new Change(Entity.TRACK, rs.getString(1), Fields.MEDIA, media));
                    }
                }
            }
            syncLog.record(c, changes);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM media_uploads WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void done(String sha256) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM media_uploads WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int mismatched(String sha256) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE media_uploads SET mismatches = mismatches + 1 WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT mismatches FROM media_uploads WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }
}
