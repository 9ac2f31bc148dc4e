package org.openmusicbox.edge.access;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs refused connections and requests as single lines, at most {@code perMinute} of them a minute;
 * the rest are counted and reported in one line when the next minute starts. Whatever an outsider
 * sends, the box writes at most a few kilobytes of log a minute about it, so a flood cannot fill
 * the SD card. Never logs a stack trace: a refusal is the sender's problem, not the box's.
 */
public final class RefusalLog {

    private static final long MINUTE_MS = 60_000;

    private final Logger log;
    private final int perMinute;
    private final LongSupplier clock;
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong loggedInWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RefusalLog(Logger log, int perMinute, LongSupplier clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        this.log = log;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * One warning line, e.g. {@code refused("Socket.IO connection from {} refused: {}", address, why)};
     * returns whether it was written (false when this minute's lines are used up).
     */
    public boolean refused(String format, Object... args) {
        long now = clock.getAsLong();
        long start = windowStart.get();
        if (start == Long.MIN_VALUE || now - start >= MINUTE_MS) {
            if (windowStart.compareAndSet(start, now)) {
                loggedInWindow.set(0);
                long dropped = suppressed.getAndSet(0);
                if (dropped > 0) {
                    log.warn("{} more refusals in the last minute were not logged", dropped);
                }
            }
        }
        if (loggedInWindow.incrementAndGet() <= perMinute) {
            log.warn(format, args);
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    /** How many refusals were counted but not written since the last summary line. */
    public long suppressed() {
        return suppressed.get();
    }
}
