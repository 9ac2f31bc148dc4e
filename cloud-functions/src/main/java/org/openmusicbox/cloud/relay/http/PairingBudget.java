package org.openmusicbox.cloud.relay.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Pairing attempts per address and minute. The pairing route is the one route open without a credential; a code is
 * short, so guessing must stay slow here before the box's own lock-out is reached. In memory: each relay instance
 * counts its own, which with a few instances still keeps guessing slow.
 */
final class PairingBudget {

    private static final long MINUTE_MS = 60_000;
    /** Addresses remembered at most; past that the oldest minute is forgotten (a flood spends it faster). */
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(long startMs, int used) {}

    private final int perMinute;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    PairingBudget(int perMinute, LongSupplier clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Spends one attempt of {@code address}; false when its minute's attempts are used up. */
    boolean spend(String address) {
        long now = clock.getAsLong();
        if (windows.size() > MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.startMs() >= MINUTE_MS);
        }
        Window after = windows.compute(
                address,
                (key, w) -> w == null || now - w.startMs() >= MINUTE_MS
                        ? new Window(now, 1)
                        : new Window(w.startMs(), w.used() + 1));
        return after.used() <= perMinute;
    }
}
