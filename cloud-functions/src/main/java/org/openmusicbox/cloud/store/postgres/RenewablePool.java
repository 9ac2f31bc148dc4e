package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The store's connection pool, let go of before a JVM snapshot and opened anew on the first use after it. AWS Lambda
 * SnapStart starts the app once, snapshots the JVM and restores that snapshot for every cold start: connections
 * opened before the snapshot come back as sockets whose server side is long gone. With {@code org.crac} on the class
 * path Spring stops every lifecycle bean before the checkpoint and starts them again after the restore
 * ({@code spring.context} CRaC support); for this bean, stop closes every connection of the pool and drops it, and
 * the next {@link #create()} (a restored instance's first call) builds a fresh one.
 *
 * <p>Its phase is the lowest, so it stops after, and starts before, every lifecycle bean that may use the database.
 * Stopping at context close does the same; {@link #close()} ends it for good.
 */
public final class RenewablePool implements ConnectionFactory, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RenewablePool.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionFactoryMetadata metadata;
    private final Supplier<ConnectionPool> pools;

    private ConnectionPool current;
    private boolean running;
    private boolean closed;

    /** {@code metadata} of the connections pooled (the SQL dialect is chosen by its name); {@code pools} makes a pool. */
    public RenewablePool(ConnectionFactoryMetadata metadata, Supplier<ConnectionPool> pools) {
        this.metadata = metadata;
        this.pools = pools;
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> current().create());
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return metadata;
    }

    private synchronized ConnectionPool current() {
        if (closed) {
            throw new IllegalStateException("the store's connection pool is closed (the app is stopping)");
        }
        if (current == null) {
            current = pools.get();
        }
        return current;
    }

    @Override
    public synchronized void start() {
        running = true;
    }

    /** Before a checkpoint (or at close): every connection is closed; the next use opens a new pool. */
    @Override
    public void stop() {
        ConnectionPool old;
        synchronized (this) {
            running = false;
            old = current;
            current = null;
        }
        dispose(old);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    @Override
    public void close() {
        ConnectionPool old;
        synchronized (this) {
            closed = true;
            running = false;
            old = current;
            current = null;
        }
        dispose(old);
    }

    // A pool that fails to close is dropped all the same: nothing uses its connections again.
    private static void dispose(ConnectionPool pool) {
        if (pool == null) {
            return;
        }
        try {
            pool.disposeLater().block(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("The store's old connection pool did not close cleanly: {}", e.toString());
        }
    }
}
