package org.openmusicbox.protocol.v1.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock as docs/sync.md describes it: one {@code long}, milliseconds since the epoch in the
 * high 48 bits and a counter in the low 16. Each stamp it hands out is above every stamp it handed out or
 * received before, whatever the wall clock does, so a box whose clock is a day behind still writes after
 * everything it has seen.
 *
 * <p>Stamps are stored as signed 64-bit integers (SQLite INTEGER, PostgreSQL bigint) and compared as such,
 * so the physical part is kept below 2<sup>47</sup> ms (the year 6429): a stamp is never negative.
 */
public final class Hlc {

    public static final int COUNTER_BITS = 16;
    public static final int MAX_COUNTER = (1 << COUNTER_BITS) - 1;
    /** The largest physical part whose stamp is still a positive signed long. */
    public static final long MAX_PHYSICAL = (1L << (63 - COUNTER_BITS)) - 1;

    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofDays(365);

    private final LongSupplier wallClockMillis;
    private final long maxSkewMillis;
    private long last;

    public Hlc(LongSupplier wallClockMillis) {
        this(wallClockMillis, DEFAULT_MAX_CLOCK_SKEW);
    }

    public Hlc(LongSupplier wallClockMillis, Duration maxClockSkew) {
        if (wallClockMillis == null) {
            throw new IllegalArgumentException("wall clock must not be null");
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must be zero or more, was " + maxClockSkew);
        }
        this.wallClockMillis = wallClockMillis;
        this.maxSkewMillis = maxClockSkew.toMillis();
    }

    /** A new stamp, above every stamp taken or received so far. */
    public synchronized long now() {
        long lastPhysical = physical(last);
        long physical = Math.max(wall(), lastPhysical);
        int counter = 0;
        if (physical == lastPhysical) {
            counter = counter(last) + 1;
            if (counter > MAX_COUNTER) {
                // 65,536 stamps within one millisecond: borrow the next millisecond rather than wrap, which
                // would hand out a stamp below the last one.
                physical++;
                counter = 0;
            }
        }
        last = pack(physical, counter);
        return last;
    }

    /**
     * Takes note of a stamp from another replica, so the next {@link #now()} is above it. A stamp more than the
     * max clock skew ahead of this wall clock is refused and changes nothing: one broken clock must not drag
     * every replica's stamps towards the end of time.
     */
    public synchronized void receive(long stamp) {
        if (stamp < 0) {
            throw new IllegalArgumentException("a stamp is never negative, was " + stamp);
        }
        long wall = wall();
        long physical = physical(stamp);
        if (physical - wall > maxSkewMillis) {
            throw new ClockSkewException(physical, wall, maxSkewMillis);
        }
        last = Math.max(last, stamp);
    }

    /** The highest stamp taken or received so far; 0 before the first. */
    public synchronized long last() {
        return last;
    }

    public static long pack(long physicalMillis, int counter) {
        if (physicalMillis < 0 || physicalMillis > MAX_PHYSICAL) {
            throw new IllegalArgumentException(
                    "physical time must be 0.." + MAX_PHYSICAL + " ms since the epoch, was " + physicalMillis);
        }
        if (counter < 0 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("counter must be 0.." + MAX_COUNTER + ", was " + counter);
        }
        return (physicalMillis << COUNTER_BITS) | counter;
    }

    public static long physical(long stamp) {
        return stamp >>> COUNTER_BITS;
    }

    public static int counter(long stamp) {
        return (int) (stamp & MAX_COUNTER);
    }

    /** For logs and messages: {@code 2026-11-26T08:15:02Z+3}. */
    public static String format(long stamp) {
        return Instant.ofEpochMilli(physical(stamp)) + "+" + counter(stamp);
    }

    private long wall() {
        long wall = wallClockMillis.getAsLong();
        if (wall < 0 || wall > MAX_PHYSICAL) {
            throw new IllegalStateException("the wall clock reads " + wall + " ms since the epoch, out of range");
        }
        return wall;
    }
}
