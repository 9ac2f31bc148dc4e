package org.openmusicbox.edge.api.socketio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of Engine.IO polling bodies may be held in memory at once, across all connections.
 * netty-socketio reads a polling body whole before handling it, so without a bound a hundred valid
 * sessions posting their largest allowed body together would need more direct memory than the box
 * has. A body is admitted only when its declared length fits what is left; the rest are refused and
 * the client sends again.
 */
final class PollingBodies {

    private final long budget;
    private final AtomicLong held = new AtomicLong();

    PollingBodies(long budget) {
        this.budget = budget;
    }

    /** Takes {@code bytes} from the budget; false (and nothing taken) when they do not fit. */
    boolean take(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > budget) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }
}
