package org.openmusicbox.edge.library;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.openmusicbox.protocol.v1.sync.Entity;

/**
 * The field changes the box made to its library and the cloud has not confirmed yet (docs/sync.md, "Logs and
 * cursors"), oldest first. Every library write fills it in its own transaction; the publisher reads it and
 * removes an entry when the cloud's result for its {@code change_id} arrives. Holds at most one entry per field:
 * a newer change to a field replaces the older one, which last-writer-wins would discard anyway.
 */
public interface Outbox {

    /** How many entries wait. */
    int depth();

    /** How long the oldest entry has waited at {@code now}; empty when the outbox is empty. */
    Optional<Duration> oldestAge(Instant now);

    /** Up to {@code limit} entries, oldest first. */
    List<Entry> oldest(int limit);

    /** Removes the entry with this change id; false when there is none (already removed or superseded). */
    boolean remove(String changeId);

    /**
     * Removes the entries with these change ids, as the results of one message arrive; how many there were. A store
     * that commits each removal on its own pays one commit per change, so it does them in one transaction.
     */
    default int removeAll(Collection<String> changeIds) {
        int removed = 0;
        for (String changeId : changeIds) {
            removed += remove(changeId) ? 1 : 0;
        }
        return removed;
    }

    /**
     * One field change as it waits to be sent: {@code valueJson} is the value as JSON text ({@code null} for
     * none), {@code hlc} and {@code origin} its stamp, {@code seq} its place in the outbox.
     */
    record Entry(
            long seq,
            String changeId,
            Entity entity,
            String entityId,
            String field,
            String valueJson,
            long hlc,
            String origin,
            Instant createdAt) {}
}
