package org.openmusicbox.edge.remote.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.remote.Ledger;

/** Relayed commands in table {@code remote_commands} (migration V12). */
public final class SqliteLedger implements Ledger {

    private final Database database;
    private final LongSupplier clock;

    public SqliteLedger(Database database, LongSupplier clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> find(String commandId) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT reply FROM remote_commands WHERE command_id = ?")) {
                s.setString(1, commandId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(rs.getBytes(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public <T> T applyOnce(String commandId, Supplier<T> change) {
        // Nested in the change's own transaction when the caller opened one: Database joins it on this thread.
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT OR IGNORE INTO remote_commands (command_id, received_at) VALUES (?, ?)")) {
                s.setString(1, commandId);
                s.setLong(2, clock.getAsLong());
                if (s.executeUpdate() == 0) {
                    throw new AlreadyApplied(commandId);
                }
            }
            return change.get();
        });
    }

    @Override
    public void answered(String commandId, byte[] reply) {
        database.inTransaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE remote_commands SET reply = ? WHERE command_id = ?")) {
                s.setBytes(1, reply);
                s.setString(2, commandId);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int prune(long beforeMs) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM remote_commands WHERE received_at < ?")) {
                s.setLong(1, beforeMs);
                return s.executeUpdate();
            }
        });
    }
}
