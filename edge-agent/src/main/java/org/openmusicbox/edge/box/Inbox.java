package org.openmusicbox.edge.box;

import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes box state. NFC, buttons, HTTP, Socket.IO and player callbacks post
 * work here; because everything that changes state or emits an event runs on this thread, events
 * leave in the order their changes happened and no lock is needed around box state.
 *
 * <p>At most {@link #MAX_WAITING} pieces of work may wait: a client flooding the box is refused
 * ({@link BoxError} 503 for questions, dropped posts) instead of growing the queue until the
 * 512 MB box runs out of memory. Timers are not counted: the box sets them itself.
 */
public final class Inbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    static final int MAX_WAITING = 2_000;

    private final ScheduledExecutorService thread;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;

    public Inbox() {
        this(MAX_WAITING);
    }

    Inbox(int maxWaiting) {
        this.maxWaiting = maxWaiting;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "box");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} on the box thread; the future completes with its result or its exception. */
    public <T> CompletableFuture<T> ask(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!admit()) {
            result.completeExceptionally(new BoxError("service_unavailable", 503,
                    "The box is busy; try again in a moment", null, null));
            return result;
        }
        try {
            thread.execute(() -> {
                waiting.decrementAndGet();
                try {
                    result.complete(work.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            waiting.decrementAndGet();
            result.completeExceptionally(new IllegalStateException("The box is shutting down", e));
        }
        return result;
    }

    /** Runs {@code work} on the box thread; a failure is logged, never lost silently. */
    public void post(Runnable work) {
        if (!admit()) {
            return;
        }
        try {
            thread.execute(() -> {
                waiting.decrementAndGet();
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("Box command failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            waiting.decrementAndGet();
            log.debug("Dropped work posted during shutdown");
        }
    }

    private final AtomicLong lastWarned = new AtomicLong();

    /** Counts one more waiting piece of work, unless there are too many already. */
    private boolean admit() {
        if (waiting.incrementAndGet() <= maxWaiting) {
            return true;
        }
        waiting.decrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last > TimeUnit.SECONDS.toNanos(10) && lastWarned.compareAndSet(last, now)) {
            log.warn("The box is flooded ({} commands waiting); refusing more", maxWaiting);
        }
        return false;
    }

    /**
     * Runs {@code work} on the box thread after {@code delay}, unless cancelled first. Timers share
     * the one thread, so a timeout and a command never race.
     */
    public ScheduledFuture<?> later(Duration delay, Runnable work) {
        return thread.schedule(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Box timer failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} on the box thread every {@code period} until cancelled. */
    public ScheduledFuture<?> every(Duration period, Runnable work) {
        return thread.scheduleAtFixedRate(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Box timer failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
