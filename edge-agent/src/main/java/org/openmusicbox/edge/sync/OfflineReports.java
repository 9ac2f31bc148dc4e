package org.openmusicbox.edge.sync;

/**
 * Decides which failed attempts are worth a warning, so that a box offline for a week does not fill its
 * card with one line per attempt: a new reason is told at once, the same reason again only after
 * {@code repeatMs}. The others go to the debug log.
 */
public final class OfflineReports {

    private final long repeatMs;
    private String lastReason;
    private long lastToldMs;

    public OfflineReports(long repeatMs) {
        this.repeatMs = repeatMs;
    }

    /** Whether this failure should be logged as a warning; counts it as told when it should. */
    public boolean worthTelling(String reason, long nowMs) {
        if (reason.equals(lastReason) && nowMs - lastToldMs < repeatMs) {
            return false;
        }
        lastReason = reason;
        lastToldMs = nowMs;
        return true;
    }

    /** After a connection, the next failure is news again, even for the same reason. */
    public void connected() {
        lastReason = null;
    }
}
