package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openmusicbox.schema.Migration;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings the store's schema up to date at start: each migration of {@code db/migration/index.txt} not yet
 * in {@code schema_version} runs in its own transaction, in order. Every transaction first takes a
 * transaction-scoped advisory lock, so two instances starting together apply each migration once: the
 * second waits, then finds the version recorded and skips it.
 *
 * <p>The steps themselves ({@link Migration}) are shared with the box; the runner is not. The box applies its
 * steps with blocking JDBC to one SQLite file that one process owns, so it needs no lock and splits scripts into
 * statements itself ({@code org.openmusicbox.edge.db.Database}). Here several cloud instances may start against
 * one PostgreSQL at once, over reactive R2DBC: the advisory lock is what keeps them from racing, and PostgreSQL
 * takes a whole script in one simple query.
 */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** The advisory lock key of schema changes ("omb-schema" as ASCII, fits a bigint). */
    static final long LOCK_KEY = 0x6f6d622d736368L;

    private static final String CREATE_SCHEMA_VERSION = """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )""";

    private final ConnectionFactory connectionFactory;
    private final List<Migration> migrations;

    /** The migrations of the classpath. */
    public Migrations(ConnectionFactory connectionFactory) {
        this(connectionFactory, Migration.fromClasspath(Migrations.class.getClassLoader()));
    }

    Migrations(ConnectionFactory connectionFactory, List<Migration> migrations) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Applies the missing migrations; emits the versions this call applied (empty when the schema was up to
     * date). Fails when an applied migration's file has changed since.
     */
    public Mono<List<Integer>> apply() {
        return Flux.fromIterable(migrations)
                .concatMap(m -> Mono.usingWhen(connectionFactory.create(), c -> applyOne(c, m), Connection::close))
                .collectList()
                .doOnNext(applied -> {
                    if (!applied.isEmpty()) {
                        log.info(
                                "Store schema migrated to version {} (applied {})",
                                migrations.get(migrations.size() - 1).version(),
                                applied);
                    }
                });
    }

    /** Emits the migration's version when this transaction applied it, nothing when it was already there. */
    private Mono<Integer> applyOne(Connection c, Migration m) {
        Mono<Integer> body = execute(c, "SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")
                .then(execute(c, CREATE_SCHEMA_VERSION))
                .then(recordedChecksum(c, m.version()))
                .flatMap(recorded -> {
                    if (recorded.isPresent()) {
                        if (!recorded.get().equals(m.checksum())) {
                            return Mono.error(new IllegalStateException("migration " + m.label()
                                    + " has changed since it was applied (checksum " + recorded.get()
                                    + " in schema_version); add a new migration instead of editing it"));
                        }
                        return Mono.<Integer>empty();
                    }
                    log.info("Applying store migration V{}__{}", m.version(), m.name());
                    return execute(c, m.sql())
                            .then(Mono.from(c.createStatement(
                                                    "INSERT INTO schema_version (version, name, checksum) VALUES ($1, $2, $3)")
                                            .bind("$1", m.version())
                                            .bind("$2", m.name())
                                            .bind("$3", m.checksum())
                                            .execute())
                                    .flatMap(r -> Mono.from(r.getRowsUpdated())))
                            .thenReturn(m.version());
                });
        return Mono.from(c.beginTransaction())
                .then(body)
                .flatMap(v -> Mono.from(c.commitTransaction()).thenReturn(v))
                .switchIfEmpty(Mono.defer(() -> Mono.from(c.commitTransaction()).then(Mono.empty())))
                .onErrorResume(e -> Mono.from(c.rollbackTransaction())
                        .onErrorResume(r -> Mono.empty())
                        .then(Mono.error(e)));
    }

    private static Mono<Optional<String>> recordedChecksum(Connection c, int version) {
        return Flux.from(c.createStatement("SELECT checksum FROM schema_version WHERE version = $1")
                        .bind("$1", version)
                        .execute())
                .concatMap(r -> r.map((row, meta) -> row.get("checksum", String.class)))
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    /** Runs SQL without parameters (the simple query protocol: a script of several statements is fine). */
    private static Mono<Void> execute(Connection c, String sql) {
        Publisher<? extends Result> results = c.createStatement(sql).execute();
        return Flux.from(results).concatMap(Result::getRowsUpdated).then();
    }
}
