package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

/**
 * {@code sync/log}, cloud to device: one page of the device's change log, answering the {@link SyncPull} with the
 * same {@code request_id}. {@code entries} are in rising {@code seq} order, all above the pull's {@code after};
 * {@code next} is the cursor to move to once they are applied (the last entry's {@code seq}, or the pull's
 * {@code after} for an empty page) and to send as the next pull's {@code after}. {@code more} says whether the log
 * holds entries after {@code next}; a page with {@code more} is never empty, so pulling until {@code more} is false
 * ends.
 */
public record SyncLog(String requestId, List<Entry> entries, long next, boolean more) {

    public SyncLog {
        Check.present(requestId, "request_id");
        entries = Check.list(entries, "entries");
        Check.safeCount(next, "next");
        long previous = 0;
        for (int i = 0; i < entries.size(); i++) {
            long seq = entries.get(i).seq();
            if (seq <= previous) {
                throw new IllegalArgumentException(
                        "entries[" + i + "].seq must be above the one before (" + previous + "), was " + seq);
            }
            previous = seq;
        }
        if (!entries.isEmpty() && next != previous) {
            throw new IllegalArgumentException("next must be the last entry's seq " + previous + ", was " + next);
        }
        if (more && entries.isEmpty()) {
            throw new IllegalArgumentException("more must be false on a page without entries");
        }
    }

    /** One logged change and its place in the device's log, from 1. */
    public record Entry(long seq, SyncChange change) {

        public Entry {
            Check.safeCount(seq, "seq");
            if (seq < 1) {
                throw new IllegalArgumentException("seq must be at least 1, was " + seq);
            }
            Check.required(change, "change");
        }
    }
}
