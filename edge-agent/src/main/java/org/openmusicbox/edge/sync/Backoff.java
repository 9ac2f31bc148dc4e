package org.openmusicbox.edge.sync;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next connection attempt: doubling from {@code min} up to {@code max}, each wait
 * drawn between half and all of its ceiling, so that many boxes cut off together (a broker restart, a
 * provider's outage) do not all come back in the same second. Never below {@code min}.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private final DoubleSupplier random;
    private int failures;

    /** @param random values in [0, 1) */
    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, was " + min + ", " + max);
        }
        this.minMs = min.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public Duration next() {
        long ceiling = failures >= 62 ? maxMs : Math.min(maxMs, minMs << Math.min(failures, 30));
        failures++;
        long wait = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
        return Duration.ofMillis(Math.max(minMs, Math.min(ceiling, wait)));
    }

    /** After a good connection the next loss is retried quickly again. */
    public void reset() {
        failures = 0;
    }
}
