package org.openmusicbox.edge.access.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.openmusicbox.edge.access.TokenStore;
import org.openmusicbox.edge.db.Database;

/** An older install's printed token, as a salted hash in {@code box_meta}: read so that token keeps working. */
public final class SqliteTokenStore implements TokenStore {

    static final String KEY = "auth.token_hash";

    private final Database db;

    public SqliteTokenStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<String> load() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM box_meta WHERE key = ?")) {
                ps.setString(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void save(String hash) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO box_meta (key, value) VALUES (?, ?) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, KEY);
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
