package org.openmusicbox.edge.sync;

import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the cloud's change log for this box (docs/mqtt.md, "The pull protocol"): {@code sync/pull} after the
 * cursor on every connection and whenever the cloud says {@code sync_now}, each page of {@code sync/log} handed to
 * {@link CloudChanges}, and the next page asked for while the log has {@code more}. One pull at a time: a
 * {@code sync_now} during a pull pulls once more after it. A page for another request (an old one, sent again by the
 * broker after a reconnect) is ignored: the cursor lives in the box, so the current pull fetches it anyway.
 *
 * <p>Not thread-safe: the sync thread calls every method, never the box thread, since applying waits for it.
 */
public final class LogPull {

    private static final Logger log = LoggerFactory.getLogger(LogPull.class);

    /** Entries asked per page: one page is one transaction on the box thread, so kept short of the 1,000 allowed. */
    static final int LIMIT = 500;

    /**
     * A pull unanswered this long is given up: asked again at the next look, or when the next one is asked for. The
     * broker takes a pull no cloud instance gets (none subscribed yet after a broker restart) without a word.
     */
    private static final long PATIENCE_NS = 30_000_000_000L;

    private final CloudChanges changes;
    private final String deviceId;
    private final String topic;
    private final JsonCodec codec;
    private final LongSupplier nanoTime;

    private Outlet outlet;
    private String pending;
    private long pendingSince;
    private boolean again;

    public LogPull(CloudChanges changes, String deviceId, JsonCodec codec, LongSupplier nanoTime) {
        this.changes = changes;
        this.deviceId = deviceId;
        this.topic = Topics.syncPull(deviceId);
        this.codec = codec;
        this.nanoTime = nanoTime;
    }

    /** A new connection: whatever was asked on the last one is forgotten, and the box asks again. */
    public void connected(Outlet outlet) {
        this.outlet = outlet;
        pending = null;
        again = false;
        pull();
    }

    public void lost() {
        outlet = null;
        pending = null;
        again = false;
    }

    /** The cloud logged something for this box ({@code sync_now}). */
    public void asked() {
        if (pending != null && nanoTime.getAsLong() - pendingSince < PATIENCE_NS) {
            again = true;
            return;
        }
        pull();
    }

    /** The periodic look while connected: a pull left unanswered past its patience goes again. */
    public void look() {
        if (pending != null && nanoTime.getAsLong() - pendingSince >= PATIENCE_NS) {
            log.warn(
                    "No answer from the cloud to pull {} for {} s: pulling again",
                    pending,
                    PATIENCE_NS / 1_000_000_000L);
            pull();
        }
    }

    /**
     * One page arrived. Applies it when it answers the pull under way, then asks for the next while there is more.
     * Throws what applying threw; the pull is then over until the next connection or {@code sync_now}.
     */
    public void arrived(SyncLog page) {
        if (!page.requestId().equals(pending)) {
            log.debug("Sync log page for {} ignored: the pull under way is {}", page.requestId(), pending);
            return;
        }
        pending = null;
        boolean more = page.more() || again;
        again = false;
        if (!page.entries().isEmpty()) {
            List<FieldChange> fieldChanges =
                    page.entries().stream().map(e -> e.change().toFieldChange()).toList();
            changes.apply(page.next(), fieldChanges);
        }
        if (more) {
            pull();
        }
    }

    /** The request id of the pull under way, null for none; for tests. */
    public String pending() {
        return pending;
    }

    private void pull() {
        if (outlet == null) {
            return;
        }
        String requestId = "pull-" + UUID.randomUUID().toString().substring(0, 13);
        SyncPull pull = new SyncPull(deviceId, requestId, changes.cursor(), LIMIT);
        if (outlet.publish(topic, codec.toBytes(pull))) {
            pending = requestId;
            pendingSince = nanoTime.getAsLong();
        } else {
            // Not sent: the next connection pulls.
            pending = null;
        }
    }
}
