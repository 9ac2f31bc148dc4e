package org.openmusicbox.e2e.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class on the machine's server (127.0.0.1:5432, user postgres,
 * trust auth, as the cloud's own tests use it), or on a zonky embedded PostgreSQL where nothing answers there. The
 * cloud app migrates it at start; the tests read the replica tables with plain SQL. {@link #close()} drops it.
 */
public final class Database implements AutoCloseable {

    private static final int SERVER_PORT = 5432;
    private static EmbeddedPostgres embedded;

    private final int port;
    private final String name;

    private Database(int port, String name) {
        this.port = port;
        this.name = name;
    }

    public static Database create() {
        int port = serverPort();
        String name = "omb_e2e_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        onAdmin(port, "CREATE DATABASE " + name);
        return new Database(port, name);
    }

    /** The URL the cloud app is given ({@code spring.r2dbc.url}). */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** Every row of a query, each as column name to value, in the query's order. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection c = connect(port, name);
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        onAdmin(port, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized int serverPort() {
        if (embedded != null) {
            return embedded.getPort();
        }
        if (Ports.answers(SERVER_PORT)) {
            return SERVER_PORT;
        }
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and the embedded one did not start", e);
        }
        return embedded.getPort();
    }

    private static void onAdmin(int port, String sql) {
        try (Connection c = connect(port, "postgres")) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on 127.0.0.1:" + port, e);
        }
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }
}
