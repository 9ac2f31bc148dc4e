package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Outbox;

/** The {@code outbox} table, which {@link SqliteLibrary}'s writes fill; read and emptied here. */
public final class SqliteOutbox implements Outbox {

    private final Database db;

    public SqliteOutbox(Database database) {
        this.db = Objects.requireNonNull(database, "database");
    }

    @Override
    public int depth() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Override
    public Optional<Duration> oldestAge(Instant now) {
        Objects.requireNonNull(now, "now");
        return oldest(1).stream().findFirst().map(e -> Duration.between(e.createdAt(), now));
    }

    @Override
    public List<Entry> oldest(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        return db.read(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, change_id, entity, entity_id, field, value, "
                    + "hlc, origin, created_at FROM outbox ORDER BY seq LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(
                                rs.getLong(1),
                                rs.getString(2),
                                SyncLog.entity(rs.getString(3)),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getLong(7),
                                rs.getString(8),
                                Instant.parse(rs.getString(9))));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public boolean remove(String changeId) {
        Objects.requireNonNull(changeId, "changeId");
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE change_id = ?")) {
                ps.setString(1, changeId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** One transaction for the results of one message: a commit per change made draining three times slower. */
    @Override
    public int removeAll(Collection<String> changeIds) {
        List<String> ids = List.copyOf(changeIds);
        return db.inTransaction(c -> {
            int removed = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE change_id = ?")) {
                for (String changeId : ids) {
                    ps.setString(1, changeId);
                    removed += ps.executeUpdate();
                }
            }
            return removed;
        });
    }
}
