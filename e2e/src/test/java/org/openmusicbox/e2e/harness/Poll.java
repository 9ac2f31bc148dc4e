package org.openmusicbox.e2e.harness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition by asking again every 50 ms until a deadline; the failure says what was awaited and what was last seen. */
public final class Poll {

    private static final Duration EVERY = Duration.ofMillis(50);

    private Poll() {}

    /** Polls {@code probe} until it answers true; {@code lastSeen} describes the state for the failure message. */
    public static void until(String what, Duration timeout, Supplier<Boolean> probe, Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(probe.get())) {
                    return;
                }
                lastError = null;
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                String seen;
                try {
                    seen = lastSeen.get();
                } catch (RuntimeException e) {
                    seen = "(cannot tell: " + e + ")";
                }
                AssertionError failure = new AssertionError(
                        "Timed out after " + timeout + " waiting for " + what + "; last seen: " + seen);
                if (lastError != null) {
                    failure.addSuppressed(lastError);
                }
                throw failure;
            }
            LockSupport.parkNanos(EVERY.toNanos());
        }
    }

    public static void until(String what, Duration timeout, Supplier<Boolean> probe) {
        until(what, timeout, probe, () -> "false");
    }

    /** Polls {@code probe} until it gives a non-null value, and returns that value. */
    public static <T> T value(String what, Duration timeout, Supplier<T> probe) {
        java.util.concurrent.atomic.AtomicReference<T> got = new java.util.concurrent.atomic.AtomicReference<>();
        until(what, timeout, () -> {
            got.set(probe.get());
            return got.get() != null;
        });
        return got.get();
    }
}
