package org.openmusicbox.edge.media.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.media.MediaBook;

/**
 * {@link MediaBook} in table {@code media_files}. A use takes the next number above every row's
 * {@code last_use}, in the same transaction, so the order of plays survives restarts and clock jumps.
 */
public final class SqliteMediaBook implements MediaBook {

    private final Database db;

    public SqliteMediaBook(Database database) {
        this.db = Objects.requireNonNull(database, "database");
    }

    @Override
    public void downloading(String sha256, String ext, long size) {
        upsert(sha256, ext, size, "downloading");
    }

    @Override
    public void complete(String sha256, String ext, long size) {
        upsert(sha256, ext, size, "complete");
    }

    private void upsert(String sha256, String ext, long size, String state) {
        db.inTransaction(c -> {
            long use = nextUse(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO media_files (sha256, ext, size, state, last_use) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (sha256) DO UPDATE SET ext = excluded.ext, size = excluded.size, "
                            + "state = excluded.state, last_use = excluded.last_use")) {
                ps.setString(1, sha256);
                ps.setString(2, ext);
                ps.setLong(3, size);
                ps.setString(4, state);
                ps.setLong(5, use);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void played(String sha256) {
        db.inTransaction(c -> {
            long use = nextUse(c);
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE media_files SET last_use = ? WHERE sha256 = ? AND state = 'complete'")) {
                ps.setLong(1, use);
                ps.setString(2, sha256);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void forget(String sha256) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM media_files WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Entry> entries() {
        return db.read(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT sha256, ext, size, state, last_use FROM media_files ORDER BY last_use, sha256");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getLong(3),
                            "complete".equals(rs.getString(4)),
                            rs.getLong(5)));
                }
            }
            return entries;
        });
    }

    private static long nextUse(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(last_use), 0) + 1 FROM media_files");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
