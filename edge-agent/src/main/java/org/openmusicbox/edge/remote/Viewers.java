package org.openmusicbox.edge.remote;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;

/**
 * How many phones watch this box through each relay instance. A count is good for
 * {@link RemoteViewers#EXPIRY_SECONDS} after it was published: a relay that died without a word stops counting by
 * itself, whether or not the broker's expiry or its last will got here.
 */
public final class Viewers {

    private record Count(int count, long until) {}

    private final LongSupplier clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    /** @param clock milliseconds */
    public Viewers(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * A relay's count. {@code remainingSeconds} is the message expiry left when it arrived (a retained count may be
     * old), or null.
     */
    public void heard(RemoteViewers viewers, Long remainingSeconds) {
        long seconds = remainingSeconds == null
                ? RemoteViewers.EXPIRY_SECONDS
                : Math.min(remainingSeconds, RemoteViewers.EXPIRY_SECONDS);
        counts.put(viewers.relayId(), new Count(viewers.count(), clock.getAsLong() + seconds * 1000));
    }

    /** The relay's retained count was cleared (an empty message). */
    public void cleared(String relayId) {
        counts.remove(relayId);
    }

    /** Every relay's count that is still good. */
    public int total() {
        long now = clock.getAsLong();
        int sum = 0;
        for (Count c : counts.values()) {
            if (c.until() > now) {
                sum += c.count();
            }
        }
        return sum;
    }

    public boolean watched() {
        return total() > 0;
    }
}
