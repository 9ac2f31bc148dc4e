package org.openmusicbox.protocol.v1.sync;

import java.time.Duration;
import java.time.Instant;

/** A received stamp lies further ahead of the local wall clock than {@code omb.sync.max-clock-skew} allows. */
public final class ClockSkewException extends RuntimeException {

    private final Instant stamped;
    private final Instant wallClock;

    ClockSkewException(long stampedMillis, long wallClockMillis, long maxSkewMillis) {
        super("refused a stamp at " + Instant.ofEpochMilli(stampedMillis) + ", more than "
                + Duration.ofMillis(maxSkewMillis) + " ahead of the wall clock at "
                + Instant.ofEpochMilli(wallClockMillis));
        this.stamped = Instant.ofEpochMilli(stampedMillis);
        this.wallClock = Instant.ofEpochMilli(wallClockMillis);
    }

    public Instant stamped() {
        return stamped;
    }

    public Instant wallClock() {
        return wallClock;
    }
}
