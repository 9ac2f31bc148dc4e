package org.openmusicbox.edge.setup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/** A clock and timers that move only when the test says so. */
final class ManualTime implements Later, LongSupplier {

    private record Timer(long due, Runnable task, boolean[] cancelled) {}

    private final List<Timer> timers = new ArrayList<>();
    private long now = 1_000_000;

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public Runnable after(long ms, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(now + ms, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock on, running every timer that falls due, in order. */
    void pass(long ms) {
        long until = now + ms;
        while (true) {
            Timer next = timers.stream()
                    .filter(t -> t.due() <= until)
                    .min(Comparator.comparingLong(Timer::due))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = next.due();
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
        now = until;
    }
}
