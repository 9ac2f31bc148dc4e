package org.openmusicbox.edge.access.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.access.PhoneStore;
import org.openmusicbox.edge.db.Database;

/** The paired phones in {@code paired_phones}; the remote access switch as key {@code remote.enabled} of {@code box_meta}. */
public final class SqlitePhoneStore implements PhoneStore {

    static final String ENABLED = "remote.enabled";

    private final Database db;

    public SqlitePhoneStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean remoteEnabled() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
                ps.setString(1, ENABLED);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && "true".equals(rs.getString(1));
                }
            }
        });
    }

    @Override
    public void remoteEnabled(boolean on) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO box_meta (key, value) VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, ENABLED);
                ps.setString(2, Boolean.toString(on));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Stored> phones() {
        return db.read(c -> {
            List<Stored> phones = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT phone_id, digest, phone_name, paired_at, last_seen_at FROM paired_phones "
                                    + "ORDER BY paired_at, phone_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seen = rs.getLong(5);
                    phones.add(new Stored(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.wasNull() ? null : seen));
                }
            }
            return phones;
        });
    }

    @Override
    public void add(Stored phone) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO paired_phones "
                    + "(phone_id, digest, phone_name, paired_at, last_seen_at) VALUES (?, ?, ?, ?, NULL)")) {
                ps.setString(1, phone.id());
                ps.setString(2, phone.digest());
                ps.setString(3, phone.name());
                ps.setLong(4, phone.pairedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean remove(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paired_phones WHERE phone_id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void seen(String id, long at) {
        db.inTransaction(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE paired_phones SET last_seen_at = ? WHERE phone_id = ?")) {
                ps.setLong(1, at);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void forgetAll() {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM paired_phones")) {
                ps.executeUpdate();
            }
            remoteEnabled(false);
            return null;
        });
    }
}
