package org.openmusicbox.edge.events.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.db.DatabaseException;
import org.openmusicbox.edge.events.SequenceStore;

/**
 * The {@code server_seq} high-water mark in the {@code box_meta} table. Each save is its own committed
 * transaction on a {@code synchronous=FULL} database, so it is on the disk when {@link #save} returns.
 */
public final class SqliteSequenceStore implements SequenceStore {

    static final String KEY = "server_seq_high_water";

    private final Database db;

    public SqliteSequenceStore(Database database) {
        this.db = Objects.requireNonNull(database, "database");
    }

    @Override
    public long load() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
                ps.setString(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? parse(rs.getString(1)) : 0L;
                }
            }
        });
    }

    /**
     * Saves the new mark. A mark below the saved one is refused with {@link IllegalArgumentException}:
     * the sequence must never go backwards.
     */
    @Override
    public void save(long highWater) {
        if (highWater < 0) {
            throw new IllegalArgumentException("high-water mark must be >= 0: " + highWater);
        }
        db.inTransaction(c -> {
            long saved;
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
                ps.setString(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    saved = rs.next() ? parse(rs.getString(1)) : 0L;
                }
            }
            if (highWater < saved) {
                throw new IllegalArgumentException("high-water mark would go backwards: " + saved + " -> " + highWater);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO box_meta (key, value) VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, KEY);
                ps.setString(2, Long.toString(highWater));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DatabaseException("box_meta." + KEY + " is not a number: " + value, e);
        }
    }
}
