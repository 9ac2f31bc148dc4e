package org.openmusicbox.cloud.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The server processes behind the connections one client opened, found by the {@code application_name} it gave
 * ({@code pg_stat_activity}); asked through the test database's own pool, which gives none.
 */
public final class Backends {

    private static final Duration POLL = Duration.ofMillis(20);

    private final TestDatabase db;
    private final String applicationName;

    public Backends(TestDatabase db, String applicationName) {
        this.db = db;
        this.applicationName = applicationName;
    }

    /** The process ids of this client's open connections now. */
    public Set<Integer> now() {
        String pids = db.queryOne(
                "SELECT coalesce(string_agg(pid::text, ','), '') FROM pg_stat_activity WHERE application_name = '"
                        + applicationName + "'",
                String.class);
        return pids.isEmpty()
                ? Set.of()
                : Arrays.stream(pids.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /**
     * The process ids once {@code wanted} holds; a server process ends a moment after its client closed the socket,
     * and nothing tells of it, so this asks again every 20 ms until the deadline, then fails with what it last saw.
     */
    public Set<Integer> await(Predicate<Set<Integer>> wanted, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Set<Integer> seen = now();
        while (!wanted.test(seen)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("connections of " + applicationName + " still " + seen + " after " + deadline);
            }
            LockSupport.parkNanos(POLL.toNanos());
            seen = now();
        }
        return seen;
    }
}
