package org.openmusicbox.edge.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox to the cloud on {@code sync/changes} (docs/mqtt.md): the oldest entries, packed by
 * {@link SyncBatches} under the byte budget, and removes an entry only when the cloud's result for it arrives on
 * {@code sync/acks}, whatever the outcome. An entry sent on this connection is not sent again on it; after a reconnect
 * everything still in the outbox goes again, since the answer may have been lost with the connection.
 *
 * <p>At most {@link #WINDOW} changes wait for their results, so a cloud that does not answer cannot make the box read
 * and send its whole outbox over and over. Changes left unanswered for {@link #PATIENCE_NS} while the connection stays
 * up go again (then after twice as long, up to {@link #MAX_PATIENCE_NS}): the broker takes a message no subscriber
 * gets (a cloud instance not yet subscribed after a broker restart, a cloud that crashed before answering) and
 * answers the box's publish all the same, so only the missing result tells. Sending again is safe: the cloud answers
 * a change it has as {@code duplicate}. Not thread-safe: one thread (the sync thread) calls every method.
 */
public final class OutboxDrain {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrain.class);

    /** Changes sent and not yet answered: a few full messages, within what a broker lets a client have in flight. */
    static final int WINDOW = 2_000;

    /** Entries read per look at the outbox beyond those in flight. */
    private static final int PAGE = 1_000;

    /**
     * How often {@link #look()} reads the outbox while changes wait for results: a look then reads those again too,
     * so it is rare; the results themselves start the next look at once.
     */
    private static final long SLOW_LOOK_NS = 5_000_000_000L;

    /** How long sent changes wait for a result before they go again; doubles while the cloud stays silent. */
    static final long PATIENCE_NS = 20_000_000_000L;

    static final long MAX_PATIENCE_NS = 300_000_000_000L;

    private final Outbox outbox;
    private final String deviceId;
    private final String topic;
    private final JsonCodec codec;
    private final SyncBatches batches;
    /** change_id to {@code entity/id.field}, for the log line of a rejection; insertion order is sending order. */
    private final Map<String, String> inFlight = new LinkedHashMap<>();

    private final LongSupplier nanoTime;

    private Outlet outlet;
    private long lastRead;
    /** When the cloud last answered, or the first change now in flight went out; for {@link #patience}. */
    private long lastHeard;

    private long patience = PATIENCE_NS;
    private long sent;
    private long answered;

    public OutboxDrain(Outbox outbox, String deviceId, JsonCodec codec, SyncBatches batches) {
        this(outbox, deviceId, codec, batches, System::nanoTime);
    }

    OutboxDrain(Outbox outbox, String deviceId, JsonCodec codec, SyncBatches batches, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.outbox = outbox;
        this.deviceId = deviceId;
        this.topic = Topics.syncChanges(deviceId);
        this.codec = codec;
        this.batches = batches;
    }

    /** A new connection: whatever was in flight on the last one is sent again. */
    public void connected(Outlet outlet) {
        this.outlet = outlet;
        inFlight.clear();
        patience = PATIENCE_NS;
        drain();
    }

    public void lost() {
        outlet = null;
        inFlight.clear();
    }

    /**
     * The periodic look for new edits: every time while nothing waits for results (the read is then just the new
     * entries), else only every few seconds, in case the results of a batch were lost and the cloud answers no more.
     */
    public void look() {
        long now = nanoTime.getAsLong();
        if (!inFlight.isEmpty() && now - lastHeard >= patience) {
            log.warn(
                    "No result from the cloud for {} s: sending the {} changes in flight again",
                    patience / 1_000_000_000L,
                    inFlight.size());
            inFlight.clear();
            patience = Math.min(patience * 2, MAX_PATIENCE_NS);
        }
        if (inFlight.isEmpty() || now - lastRead >= SLOW_LOOK_NS) {
            drain();
        }
    }

    /** Sends what waits and is not in flight, while connected and the window has room. */
    public void drain() {
        while (outlet != null && inFlight.size() < WINDOW) {
            lastRead = nanoTime.getAsLong();
            List<Outbox.Entry> oldest = outbox.oldest(inFlight.size() + PAGE);
            List<SyncChange> fresh = new ArrayList<>();
            for (Outbox.Entry entry : oldest) {
                if (fresh.size() + inFlight.size() >= WINDOW) {
                    break;
                }
                if (!inFlight.containsKey(entry.changeId())) {
                    SyncChange change = wire(entry);
                    if (change != null) {
                        fresh.add(change);
                    }
                }
            }
            if (fresh.isEmpty() || !send(fresh)) {
                return;
            }
        }
    }

    /** Publishes {@code changes} as few messages as fit; false when the outlet took not all of them. */
    private boolean send(List<SyncChange> changes) {
        List<SyncChanges> messages;
        try {
            messages = batches.changes(deviceId, changes);
        } catch (SyncBatches.TooLarge e) {
            // The broker would refuse it every time, and it would hold back every entry after it.
            drop(e.changeId(), e.getMessage());
            return true;
        }
        for (SyncChanges message : messages) {
            if (inFlight.isEmpty()) {
                lastHeard = nanoTime.getAsLong();
            }
            if (!outlet.publish(topic, codec.toBytes(message))) {
                // Gone or full: the next look at the outbox or the next connection sends it.
                return false;
            }
            for (SyncChange c : message.changes()) {
                inFlight.put(c.changeId(), c.entity().wire() + "/" + c.entityId() + "." + c.field());
            }
            sent += message.changes().size();
        }
        return true;
    }

    /** The cloud's results: each removes its entry, and makes room for more. */
    public void acked(SyncAcks acks) {
        lastHeard = nanoTime.getAsLong();
        patience = PATIENCE_NS;
        List<String> done = new ArrayList<>(acks.results().size());
        for (SyncResult result : acks.results()) {
            String what = inFlight.remove(result.changeId());
            if (result.outcome() == SyncOutcome.REJECTED) {
                log.warn(
                        "The cloud rejected change {} ({}): {}{}; dropped from the outbox, the box keeps its value",
                        result.changeId(),
                        what == null ? "no longer in flight" : what,
                        result.reason().wire(),
                        result.message() == null ? "" : " (" + result.message() + ")");
            }
            done.add(result.changeId());
            answered++;
        }
        // A result for an entry already gone (a second answer, or a superseded entry) removes nothing.
        outbox.removeAll(done);
        drain();
    }

    /** Changes sent and results received since the box started, for tests and logs. */
    public long sent() {
        return sent;
    }

    public long answered() {
        return answered;
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** The wire form of an entry; null (and dropped) for one that no cloud could read. */
    private SyncChange wire(Outbox.Entry e) {
        try {
            return new SyncChange(
                    e.changeId(),
                    Entity.of(e.entity().name().toLowerCase(Locale.ROOT)),
                    e.entityId(),
                    e.field(),
                    codec.readTree(e.valueJson() == null ? "null" : e.valueJson()),
                    Long.toString(e.hlc()),
                    e.origin());
        } catch (RuntimeException bad) {
            drop(e.changeId(), bad.getMessage());
            return null;
        }
    }

    private void drop(String changeId, String why) {
        log.error("Outbox entry {} cannot be sent and is dropped: {}", changeId, why);
        outbox.remove(changeId);
    }
}
