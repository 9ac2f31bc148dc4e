package org.openmusicbox.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.postgres.RenewablePool;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pool's checkpoint hook against the machine's PostgreSQL, called directly: stopping it closes every connection
 * it opened (their server processes end), and the next use after the restore works on new ones.
 */
class RenewablePoolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestDatabase db;
    private String applicationName;
    private Backends backends;
    private RenewablePool pool;

    @BeforeAll
    static void database() {
        db = TestDatabase.create(2);
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void open() {
        applicationName = "omb-renew-" + UUID.randomUUID().toString().substring(0, 8);
        backends = new Backends(db, applicationName);
        ConnectionFactory connections = ConnectionFactories.get(
                ConnectionFactoryOptions.parse(db.r2dbcUrl(db.name()) + "?applicationName=" + applicationName)
                        .mutate()
                        .option(ConnectionFactoryOptions.USER, "postgres")
                        .build());
        pool = new RenewablePool(
                connections.getMetadata(),
                () -> new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                        .initialSize(2)
                        .maxSize(4)
                        .build()));
        pool.start();
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void beforeACheckpointEveryConnectionIsClosedAndAfterTheRestoreNewOnesServe() {
        int before = backendPid();
        Set<Integer> snapshotted = backends.await(pids -> pids.size() == 2, WAIT);
        assertThat(snapshotted).contains(before);

        pool.stop();

        assertThat(pool.isRunning()).isFalse();
        backends.await(Set::isEmpty, WAIT);

        pool.start();
        int after = backendPid();

        assertThat(pool.isRunning()).isTrue();
        assertThat(after).isNotIn(snapshotted);
        Set<Integer> restored = backends.await(pids -> pids.size() == 2, WAIT);
        assertThat(restored).doesNotContainAnyElementsOf(snapshotted).contains(after);
    }

    @Test
    void aUseBetweenStopAndStartAlreadyGetsAFreshConnection() {
        int before = backendPid();

        pool.stop();
        int between = backendPid();

        assertThat(between).isNotEqualTo(before);
    }

    @Test
    void closedItRefusesEveryUseAndLeavesNoConnection() {
        backendPid();

        pool.close();

        backends.await(Set::isEmpty, WAIT);
        assertThatThrownBy(() -> Mono.from(pool.create()).block(WAIT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** The server process of the connection a query ran on. */
    private int backendPid() {
        return Mono.usingWhen(
                        pool.create(),
                        c -> Flux.from(c.createStatement("SELECT pg_backend_pid()")
                                        .execute())
                                .concatMap(r -> r.map((row, meta) -> row.get(0, Integer.class)))
                                .next(),
                        Connection::close)
                .block(WAIT);
    }
}
