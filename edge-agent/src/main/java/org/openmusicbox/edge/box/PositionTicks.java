package org.openmusicbox.edge.box;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The beat of {@code state:track_position} while a track plays: a tick every {@link #TICK} on the
 * box thread, and the rule that two position updates are never closer than {@link #MIN_GAP_MS},
 * even when a transition sends one between two ticks. Box thread only.
 */
final class PositionTicks {

    static final Duration TICK = Duration.ofMillis(200);
    /** Two position updates are never closer than this, even around a transition. */
    static final long MIN_GAP_MS = 150;

    private final Inbox inbox;
    private final Runnable tick;
    private ScheduledFuture<?> ticker;
    private long lastSentNanos;

    /** @param tick runs on the box thread every {@link #TICK} between {@link #start} and {@link #stop} */
    PositionTicks(Inbox inbox, Runnable tick) {
        this.inbox = inbox;
        this.tick = tick;
    }

    void start() {
        if (ticker == null) {
            ticker = inbox.every(TICK, tick);
        }
    }

    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /** A position update went out now. */
    void sent() {
        lastSentNanos = System.nanoTime();
    }

    /** True when the last update is at least {@link #MIN_GAP_MS} old. */
    boolean gapPassed() {
        return (System.nanoTime() - lastSentNanos) / 1_000_000 >= MIN_GAP_MS;
    }
}
