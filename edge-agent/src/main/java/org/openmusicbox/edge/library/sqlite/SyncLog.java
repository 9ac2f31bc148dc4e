package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * Records a library write's field changes (docs/sync.md) in the write's own transaction: each field's new stamp
 * in {@code field_stamps} and the change in the {@code outbox}. A write that rolls back takes its changes with it,
 * and a change is never recorded for a write that did not happen.
 */
final class SyncLog {

    private final BoxClock clock;
    private final LongSupplier wallClockMillis;

    SyncLog(LongSupplier wallClockMillis) {
        this.clock = new BoxClock(wallClockMillis);
        this.wallClockMillis = wallClockMillis;
    }

    /**
     * Stamps all of one write's changes with one stamp, so a playlist's delete and the deletes of its tracks carry
     * the same one (how a restore finds the tracks deleted with it). Nothing to record takes no stamp.
     */
    void record(Connection c, List<Change> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (Change change : changes) {
            Fields.check(change.entity(), change.field(), change.value());
            if (!keys.add(change.entity() + "/" + change.entityId() + "." + change.field())) {
                throw new IllegalStateException("one write set " + change.field() + " of " + change.entityId()
                        + " twice; it would take two values under one stamp");
            }
        }
        Stamp stamp = clock.next(c);
        String createdAt = Instant.ofEpochMilli(wallClockMillis.getAsLong()).toString();
        try (PreparedStatement stamps = c.prepareStatement(
                        "INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value) VALUES (?, ?, ?, ?, ?, ?) "
                                + "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, "
                                + "origin = excluded.origin, value = excluded.value");
                // Under last-writer-wins an older change to the same field can only lose to the newer one, so
                // sending it is useless: it goes. The outbox thus holds at most one entry per field of the
                // library (tombstones included), however long the box stays offline.
                PreparedStatement superseded =
                        c.prepareStatement("DELETE FROM outbox WHERE entity = ? AND entity_id = ? AND field = ?");
                PreparedStatement outbox = c.prepareStatement(
                        "INSERT INTO outbox (change_id, entity, entity_id, field, value, hlc, origin, created_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Change change : changes) {
                String entity = name(change.entity());
                stamps.setString(1, entity);
                stamps.setString(2, change.entityId());
                stamps.setString(3, change.field());
                stamps.setLong(4, stamp.hlc());
                stamps.setString(5, stamp.origin());
                stamps.setString(6, ChangeValues.encode(change.value()));
                stamps.executeUpdate();
                superseded.setString(1, entity);
                superseded.setString(2, change.entityId());
                superseded.setString(3, change.field());
                superseded.executeUpdate();
                outbox.setString(1, UUID.randomUUID().toString());
                outbox.setString(2, entity);
                outbox.setString(3, change.entityId());
                outbox.setString(4, change.field());
                outbox.setString(5, ChangeValues.encode(change.value()));
                outbox.setLong(6, stamp.hlc());
                outbox.setString(7, stamp.origin());
                outbox.setString(8, createdAt);
                outbox.executeUpdate();
            }
        }
    }

    /**
     * Takes note of a stamp from the cloud, in {@code c}'s transaction, so the box's next stamp is above it. Not
     * refused when far ahead of the wall clock: the cloud checked it against its own clock, and a box booting
     * in 1970 would otherwise refuse everything.
     */
    void received(Connection c, long hlc) throws SQLException {
        clock.receive(c, hlc);
    }

    /** How an entity is named in the tables: {@code playlist}, {@code track}, {@code tag}. */
    static String name(Entity entity) {
        return entity.name().toLowerCase(Locale.ROOT);
    }

    static Entity entity(String name) {
        return Entity.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
