package org.openmusicbox.edge.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket for each key (an address, or an address and who is asking): {@code burst} requests
 * at once, refilled at {@code perMinute}. Keeps at most {@code maxKeys} buckets; when full, the one
 * used longest ago is forgotten, so an outsider cycling through addresses cannot make the box's
 * memory grow. A forgotten bucket starts full again, which is what an idle one would be anyway.
 * Thread-safe.
 */
public final class Budgets {

    private final int burst;
    private final double perSecond;
    private final LongSupplier clock;
    private final Map<String, Budget> buckets;

    public Budgets(int burst, int perMinute, int maxKeys, LongSupplier clock) {
        if (burst < 1 || perMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("burst, perMinute and maxKeys must be at least 1");
        }
        this.burst = burst;
        this.perSecond = perMinute / 60.0;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes one request from {@code key}'s bucket; false when it is empty. */
    public boolean take(String key) {
        Budget bucket;
        synchronized (this) {
            bucket = buckets.computeIfAbsent(key, k -> new Budget(perSecond, burst, clock));
        }
        return bucket.spend();
    }

    /** How many keys are remembered (for tests: it never exceeds maxKeys). */
    public synchronized int size() {
        return buckets.size();
    }
}
