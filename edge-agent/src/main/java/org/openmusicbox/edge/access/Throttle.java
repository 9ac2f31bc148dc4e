package org.openmusicbox.edge.access;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} actions per {@code windowMs} for each key (an address). Remembers at most
 * {@link #MAX_KEYS} keys, forgetting the one used longest ago, so addresses never seen again do not
 * stay in memory. Thread-safe.
 */
public final class Throttle {

    static final int MAX_KEYS = 1024;

    private final int limit;
    private final long windowMs;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public Throttle(int limit, long windowMs, LongSupplier clock) {
        this.limit = limit;
        this.windowMs = windowMs;
        this.clock = clock;
    }

    /** Records an action for {@code key}; false when it is one too many. */
    public synchronized boolean allow(String key) {
        long now = clock.getAsLong();
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= windowMs) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Milliseconds until {@code key} may act again: 0 when it may now. */
    public synchronized long waitMs(String key) {
        Deque<Long> times = recent.get(key);
        if (times == null || times.size() < limit) {
            return 0;
        }
        return Math.max(0, windowMs - (clock.getAsLong() - times.peekFirst()));
    }

    /** How many keys are remembered (for tests). */
    synchronized int size() {
        return recent.size();
    }
}
