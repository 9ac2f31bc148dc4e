package org.openmusicbox.edge.access;

import java.util.function.LongSupplier;

/**
 * A token bucket: up to {@code burst} actions at once, refilled at {@code perSecond}. A page that
 * sends a handful of events when it opens and a few a second after that never notices it; a client
 * sending as fast as it can is held to {@code perSecond}. Thread-safe.
 */
public final class Budget {

    private final double perMs;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    /** @param clock milliseconds */
    public Budget(double perSecond, double burst, LongSupplier clock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("A budget needs a positive rate and a burst of at least 1");
        }
        this.perMs = perSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** Takes one action from the budget; false when there is none left just now. */
    public synchronized boolean spend() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the budget has refilled completely: its owner has been quiet, and it can be forgotten. */
    public synchronized boolean full() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = clock.getAsLong();
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * perMs);
            last = now;
        }
    }
}
