package org.openmusicbox.edge.access.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.openmusicbox.edge.access.ClaimStore;
import org.openmusicbox.edge.db.Database;

/** The parent code's hash and the box's name as keys of {@code box_meta}; sessions in {@code parent_sessions}. */
public final class SqliteClaimStore implements ClaimStore {

    static final String CODE = "auth.code_hash";
    static final String NAME = "box.name";

    private final Database db;

    public SqliteClaimStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> code() {
        return meta(CODE);
    }

    @Override
    public Optional<String> boxName() {
        return meta(NAME);
    }

    @Override
    public void claim(String codeHash, String boxName) {
        db.inTransaction(c -> {
            put(c, CODE, codeHash);
            put(c, NAME, boxName);
            return null;
        });
    }

    @Override
    public void forgetCode() {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM box_meta WHERE key IN (?, ?)")) {
                ps.setString(1, CODE);
                ps.setString(2, SqliteTokenStore.KEY);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM parent_sessions")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void addSession(String digest, long createdAt) {
        db.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO parent_sessions (digest, created_at) VALUES (?, ?)")) {
                ps.setString(1, digest);
                ps.setLong(2, createdAt);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public java.util.Set<String> sessions() {
        return db.read(c -> {
            java.util.Set<String> digests = new java.util.HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM parent_sessions");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    digests.add(rs.getString(1));
                }
            }
            return digests;
        });
    }

    @Override
    public void removeSession(String digest) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM parent_sessions WHERE digest = ?")) {
                ps.setString(1, digest);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private Optional<String> meta(String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static void put(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO box_meta (key, value) VALUES (?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}
