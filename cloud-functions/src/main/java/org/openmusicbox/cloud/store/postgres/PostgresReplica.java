package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.openmusicbox.cloud.store.ChangeOutcome;
import org.openmusicbox.cloud.store.ChangeOutcome.Kind;
import org.openmusicbox.cloud.store.ChangeOutcome.Refused;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.cloud.store.LogEntry;
import org.openmusicbox.protocol.v1.sync.ClockSkewException;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.Replica.Versioned;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link LibraryReplica} on PostgreSQL (schema: {@code db/migration/V3__replica.sql}).
 *
 * <p>Every transaction that writes a device's replica first locks the device's row of {@code replica_devices}
 * (its log counter), so several cloud instances applying changes of one device take turns: the duplicate check,
 * the stamp comparison and the next seq are all decided under that lock, seq stays dense, and a higher seq
 * never becomes visible before a lower one. Devices do not wait for each other.
 *
 * <p>Edits made here are stamped {@code cloud-<instance>} by this instance's {@link Hlc}, which first receives
 * the highest stamp stored for the device: a restarted instance (new clock, maybe a wall clock set back) still
 * stamps above everything stored, and no two instances sign alike, so no stamp is ever issued twice.
 */
public final class PostgresReplica implements LibraryReplica {

    /** The most log entries one {@link #log} call returns. */
    public static final int MAX_LOG_PAGE = 1000;

    // A no-op update of an existing row still takes its lock, and inserts the row of a device seen first.
    private static final String LOCK_DEVICE = """
            INSERT INTO replica_devices AS d (device_id) VALUES (:device)
            ON CONFLICT (device_id) DO UPDATE SET last_seq = d.last_seq
            RETURNING last_seq, max_hlc""";

    private static final String LOGGED =
            "SELECT seq FROM replica_log WHERE device_id = :device AND change_id = :change";

    private static final String FIELD = """
            SELECT value::text AS value, hlc, origin FROM replica_fields
             WHERE device_id = :device AND entity = :entity AND entity_id = :id AND field = :field""";

    /** Field, log and counter in one statement: all of a change or none of it. */
    private static final String STORE = """
            WITH stored AS (
                INSERT INTO replica_fields (device_id, entity, entity_id, field, value, hlc, origin)
                VALUES (:device, :entity, :id, :field, CAST(:value AS jsonb), :hlc, :origin)
                ON CONFLICT (device_id, entity, entity_id, field) DO UPDATE
                   SET value = excluded.value, hlc = excluded.hlc, origin = excluded.origin
            ), logged AS (
                INSERT INTO replica_log (device_id, seq, change_id, entity, entity_id, field, value, hlc, origin)
                VALUES (:device, :seq, :change, :entity, :id, :field, CAST(:value AS jsonb), :hlc, :origin)
            )
            UPDATE replica_devices SET last_seq = :seq, max_hlc = greatest(max_hlc, :hlc)
             WHERE device_id = :device""";

    private static final String ALL_FIELDS = """
            SELECT entity, entity_id, field, value::text AS value, hlc, origin FROM replica_fields
             WHERE device_id = :device""";

    private static final String LOG = """
            SELECT seq, change_id, entity, entity_id, field, value::text AS value, hlc, origin FROM replica_log
             WHERE device_id = :device AND seq > :after ORDER BY seq LIMIT :limit""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final String origin;
    private final Hlc hlc;

    /**
     * A replica over a (pooled) connection factory; {@code instance} names this cloud instance in the stamps it
     * issues ({@code cloud-<instance>}) and must differ from every other instance's.
     */
    public PostgresReplica(ConnectionFactory connectionFactory, String instance, Hlc hlc) {
        this(
                DatabaseClient.create(connectionFactory),
                TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory)),
                instance,
                hlc);
    }

    public PostgresReplica(DatabaseClient db, TransactionalOperator tx, String instance, Hlc hlc) {
        this.db = Objects.requireNonNull(db, "db");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.hlc = Objects.requireNonNull(hlc, "hlc");
        this.origin = new Stamp(0, Stamp.CLOUD + "-" + instance).origin();
    }

    /** The origin of the stamps this instance issues. */
    public String origin() {
        return origin;
    }

    /**
     * All the changes of one message in one transaction, so a batch costs one commit rather than one per change;
     * the outcomes and the log are what one transaction per change gives, in the same order under the same lock.
     * When that transaction fails (a value the database refuses aborts it whole), nothing of it stays and the
     * changes are applied again one transaction each, so only the bad one is rejected.
     */
    @Override
    public Flux<ChangeOutcome> apply(String deviceId, List<FieldChange> changes) {
        Flux<ChangeOutcome> oneByOne = Flux.fromIterable(changes).concatMap(change -> applyOne(deviceId, change));
        if (changes.size() < 2) {
            return oneByOne;
        }
        return tx.transactional(Flux.fromIterable(changes)
                        .concatMap(change -> attempt(deviceId, change))
                        .collectList())
                .flatMapMany(Flux::fromIterable)
                .onErrorResume(e -> oneByOne);
    }

    /** One change in a transaction of its own; a value the store cannot hold is rejected, not an error. */
    private Mono<ChangeOutcome> applyOne(String device, FieldChange change) {
        return tx.transactional(attempt(device, change))
                .onErrorResume(
                        PostgresReplica::isBadData,
                        e -> rejected(
                                device,
                                change,
                                Refused.INVALID,
                                "the store cannot hold this change: "
                                        + r2dbcCause(e).getMessage()));
    }

    /** Decides and stores one change within the caller's transaction. */
    private Mono<ChangeOutcome> attempt(String device, FieldChange change) {
        Object value;
        try {
            value = Fields.check(change.entity(), change.field(), change.value());
            hlc.receive(change.stamp().hlc());
        } catch (IllegalArgumentException e) {
            return rejected(device, change, Refused.INVALID, e.getMessage());
        } catch (ClockSkewException e) {
            return rejected(device, change, Refused.CLOCK_SKEW, e.getMessage());
        }
        return lockDevice(device)
                .flatMap(counter -> logged(device, change.changeId())
                        .flatMap(seq -> stored(device, change)
                                .flatMap(now -> seq.isPresent()
                                        ? Mono.just(new ChangeOutcome(
                                                change, Kind.DUPLICATE, now.orElse(null), seq.get(), null, null))
                                        : decide(device, change, value, counter, now.orElse(null)))));
    }

    /** The model's rule ({@link Replica#apply}), decided under the device's lock. */
    private Mono<ChangeOutcome> decide(
            String device, FieldChange change, Object value, Counter counter, Versioned now) {
        if (now == null || change.stamp().isAfter(now.stamp())) {
            long seq = counter.lastSeq() + 1;
            return store(device, change, value, seq)
                    .thenReturn(new ChangeOutcome(
                            change, Kind.APPLIED, new Versioned(value, change.stamp()), seq, null, null));
        }
        if (now.stamp().equals(change.stamp()) && !Objects.equals(now.value(), value)) {
            // Only a replica that issued one stamp twice sends this; keeping either value would leave the
            // replicas apart for ever, so the stored one stays and the sender hears about it.
            return Mono.just(new ChangeOutcome(
                    change,
                    Kind.REJECTED,
                    now,
                    0,
                    Refused.STAMP_REUSED,
                    "stamp " + change.stamp() + " already set " + change.key() + "." + change.field() + " to "
                            + now.value() + ", refusing " + value));
        }
        // The same stamp and value: the field already holds this very change (it came by another path), which
        // the box must hear as "held", as for a change_id seen before.
        Kind kind = now.stamp().equals(change.stamp()) ? Kind.DUPLICATE : Kind.SUPERSEDED;
        return Mono.just(new ChangeOutcome(change, kind, now, 0, null, null));
    }

    @Override
    public Mono<LogEntry> write(String deviceId, Entity entity, String entityId, String field, Object value) {
        Object checked;
        try {
            checked = Fields.check(entity, field, value);
        } catch (IllegalArgumentException e) {
            return Mono.error(e);
        }
        Mono<LogEntry> written = lockDevice(deviceId).flatMap(counter -> {
            hlc.receive(counter.maxHlc());
            FieldChange change = new FieldChange(
                    entity,
                    entityId,
                    field,
                    checked,
                    new Stamp(hlc.now(), origin),
                    UUID.randomUUID().toString());
            long seq = counter.lastSeq() + 1;
            return store(deviceId, change, checked, seq).thenReturn(new LogEntry(seq, change));
        });
        return tx.transactional(written);
    }

    @Override
    public Flux<LogEntry> log(String deviceId, long after, int limit) {
        if (after < 0 || limit < 1 || limit > MAX_LOG_PAGE) {
            return Flux.error(new IllegalArgumentException(
                    "log wants after >= 0 and limit 1.." + MAX_LOG_PAGE + ", got after " + after + ", limit " + limit));
        }
        return db.sql(LOG)
                .bind("device", deviceId)
                .bind("after", after)
                .bind("limit", limit)
                .map(row -> new LogEntry(row.get("seq", Long.class), change(row, row.get("change_id", String.class))))
                .all();
    }

    @Override
    public Mono<Map<EntityKey, Map<String, Versioned>>> state(String deviceId) {
        return load(deviceId).map(Replica::state);
    }

    @Override
    public Mono<View> view(String deviceId) {
        return load(deviceId).map(Replica::view);
    }

    /**
     * The stored fields as a model replica, so the view follows the model's rules and no second copy of them.
     * Its clock reads the end of time: stored stamps passed the skew check when they arrived and must not be
     * refused now.
     */
    private Mono<Replica> load(String deviceId) {
        return db.sql(ALL_FIELDS)
                .bind("device", deviceId)
                .map(row -> change(row, "stored"))
                .all()
                .collectList()
                .map(changes -> {
                    Replica replica = new Replica(Stamp.CLOUD, new Hlc(() -> Hlc.MAX_PHYSICAL));
                    changes.forEach(replica::apply);
                    return replica;
                });
    }

    private static FieldChange change(Readable row, String changeId) {
        Entity entity = FieldValues.entity(row.get("entity", String.class));
        String field = row.get("field", String.class);
        return new FieldChange(
                entity,
                row.get("entity_id", String.class),
                field,
                FieldValues.decode(entity, field, row.get("value", String.class)),
                new Stamp(row.get("hlc", Long.class), row.get("origin", String.class)),
                changeId);
    }

    private record Counter(long lastSeq, long maxHlc) {}

    private Mono<Counter> lockDevice(String device) {
        return db.sql(LOCK_DEVICE)
                .bind("device", device)
                .map(row -> new Counter(row.get("last_seq", Long.class), row.get("max_hlc", Long.class)))
                .one();
    }

    private Mono<Optional<Long>> logged(String device, String changeId) {
        return db.sql(LOGGED)
                .bind("device", device)
                .bind("change", changeId)
                .map(row -> row.get("seq", Long.class))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Optional<Versioned>> stored(String device, FieldChange change) {
        return db.sql(FIELD)
                .bind("device", device)
                .bind("entity", FieldValues.entityName(change.entity()))
                .bind("id", change.entityId())
                .bind("field", change.field())
                .map(row -> new Versioned(
                        FieldValues.decode(change.entity(), change.field(), row.get("value", String.class)),
                        new Stamp(row.get("hlc", Long.class), row.get("origin", String.class))))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> store(String device, FieldChange change, Object value, long seq) {
        return db.sql(STORE)
                .bind("device", device)
                .bind("entity", FieldValues.entityName(change.entity()))
                .bind("id", change.entityId())
                .bind("field", change.field())
                .bind("value", FieldValues.encode(value))
                .bind("hlc", change.stamp().hlc())
                .bind("origin", change.stamp().origin())
                .bind("seq", seq)
                .bind("change", change.changeId())
                .fetch()
                .rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("device " + device + " lost its counter row")));
    }

    /** A rejected change, with what is stored for its field (nothing when the field itself was refused). */
    private Mono<ChangeOutcome> rejected(String device, FieldChange change, Refused refused, String reason) {
        Mono<Optional<Versioned>> now = Fields.of(change.entity()).contains(change.field())
                ? stored(device, change).onErrorResume(PostgresReplica::isBadData, e -> Mono.just(Optional.empty()))
                : Mono.just(Optional.empty());
        return now.map(v -> new ChangeOutcome(change, Kind.REJECTED, v.orElse(null), 0, refused, reason));
    }

    private static boolean isBadData(Throwable e) {
        R2dbcException cause = r2dbcCause(e);
        String state = cause == null ? null : cause.getSqlState();
        // Class 22: data exception (a NUL character in text, a number out of range).
        return state != null && state.startsWith("22");
    }

    private static R2dbcException r2dbcCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r) {
                return r;
            }
        }
        return null;
    }
}
