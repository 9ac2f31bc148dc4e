package org.openmusicbox.cloud.mqtt;

import java.time.Duration;

/** How long to wait before the next connection attempt: {@code first}, doubling up to {@code last}. */
final class ReconnectDelay {

    private final Duration first;
    private final Duration last;
    private Duration next;

    ReconnectDelay(Duration first, Duration last) {
        if (first.isNegative() || first.isZero() || last.compareTo(first) < 0) {
            throw new IllegalArgumentException("A reconnect delay needs 0 < first <= last: " + first + ", " + last);
        }
        this.first = first;
        this.last = last;
        this.next = first;
    }

    /** The delay to wait now; the one after it is twice as long, at most {@code last}. */
    Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(last) > 0 ? last : doubled;
        return now;
    }

    /** After a connection that worked, a later loss is waited on from {@code first} again. */
    void reset() {
        next = first;
    }
}
