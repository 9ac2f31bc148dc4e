package org.openmusicbox.edge.box;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Work waits in one of three {@link Lane lanes}, each with its own cap, and the thread always
 * takes the next piece from the most important lane that has any: the box's own devices and timers,
 * then parents, then guests. A flood of guests' events can fill only the guest lane (the rest is
 * refused: {@link BoxError} 503 for questions, dropped posts); a tag placed on the reader and a
 * parent's change still wait for at most the piece of work that is running. Within a lane the
 * order is kept, and a connection's work always goes to one lane, so its events stay in order.
 *
 * <p>Timers run on the same thread between two pieces of work and are not counted: the box sets
 * them itself.
 *
 * <p>What a piece of work sends to clients can wait until it has answered its caller
 * ({@link #afterAnswer}): a parent's HTTP change is answered before its event fans out to every
 * page, not after two hundred sends.
 */
public final class Inbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** Where a piece of work waits, most important first. Callers say which. */
    public enum Lane {
        /** The tag reader, the buttons, the player's own callbacks and the box's own housekeeping. */
        DEVICE,
        /** Whoever showed the parent access token. */
        PARENT,
        /** Everyone else: watching pages, outsiders. */
        GUEST
    }

    static final int MAX_WAITING = 2_000;

    private final ScheduledExecutorService thread;
    private final Map<Lane, Waiting> lanes = new EnumMap<>(Lane.class);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Thread boxThread;
    /** Sends held until the running piece of work has answered; touched on the box thread only. */
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();

    private boolean working;

    /** A lane's queue and its count; the count is what the cap is checked against. */
    private static final class Waiting {
        final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
        final int cap;

        Waiting(int cap) {
            this.cap = cap;
        }
    }

    public Inbox() {
        this(MAX_WAITING);
    }

    /** Every lane may hold {@code maxWaiting} pieces of work. */
    Inbox(int maxWaiting) {
        this(Map.of(Lane.DEVICE, maxWaiting, Lane.PARENT, maxWaiting, Lane.GUEST, maxWaiting));
    }

    Inbox(Map<Lane, Integer> caps) {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new Waiting(caps.get(lane)));
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "box");
            t.setDaemon(true);
            boxThread = t;
            return t;
        });
    }

    /** Runs {@code work} on the box thread; the future completes with its result or its exception. */
    public <T> CompletableFuture<T> ask(Lane lane, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        switch (enqueue(lane, task)) {
            case FULL ->
                result.completeExceptionally(
                        new BoxError("service_unavailable", 503, "The box is busy; try again in a moment", null, null));
            case CLOSED -> result.completeExceptionally(new IllegalStateException("The box is shutting down"));
            case TAKEN -> {}
        }
        return result;
    }

    /** Runs {@code work} on the box thread; a failure is logged, never lost silently. */
    public void post(Lane lane, Runnable work) {
        Taken taken = enqueue(lane, () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Box command failed", e);
            }
        });
        if (taken == Taken.CLOSED) {
            log.debug("Dropped work posted during shutdown");
        }
    }

    /** How many pieces of work wait in {@code lane}. */
    public int waiting(Lane lane) {
        return lanes.get(lane).count.get();
    }

    private enum Taken {
        TAKEN,
        FULL,
        CLOSED
    }

    private Taken enqueue(Lane lane, Runnable task) {
        Waiting waiting = lanes.get(lane);
        if (waiting.count.incrementAndGet() > waiting.cap) {
            waiting.count.decrementAndGet();
            warnFull(lane, waiting);
            return Taken.FULL;
        }
        if (thread.isShutdown()) {
            waiting.count.decrementAndGet();
            return Taken.CLOSED;
        }
        waiting.queue.add(task);
        if (!scheduleDrain() && waiting.queue.remove(task)) {
            waiting.count.decrementAndGet();
            return Taken.CLOSED;
        }
        return Taken.TAKEN;
    }

    /**
     * At most one drain is waiting on the executor at a time, and it runs one piece of work before
     * it is queued again: timers that fell due meanwhile run between two pieces of work. False when
     * the executor no longer takes tasks.
     */
    private boolean scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drainOne);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                return false;
            }
        }
        return true;
    }

    private void drainOne() {
        // Cleared before taking work: a post that comes in after this schedules the next drain itself.
        drainScheduled.set(false);
        runNext();
        boolean more = lanes.values().stream().anyMatch(waiting -> !waiting.queue.isEmpty());
        if (more && !scheduleDrain()) {
            // Shut down: no new drain can be queued, and what was accepted before still runs.
            while (runNext()) {
                // one after the other, most important first
            }
        }
    }

    /** Runs the next piece of work of the most important non-empty lane; false when all are empty. */
    private boolean runNext() {
        for (Lane lane : Lane.values()) {
            Waiting waiting = lanes.get(lane);
            Runnable next = waiting.queue.poll();
            if (next != null) {
                waiting.count.decrementAndGet();
                working = true;
                try {
                    next.run();
                } finally {
                    working = false;
                    sendHeld();
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code send} once the piece of work now running on the box thread has completed its answer (an
     * {@link #ask} future, and so an HTTP response on its way), in the order such sends were made; at once
     * when called from a timer or from another thread.
     */
    public void afterAnswer(Runnable send) {
        if (Thread.currentThread() == boxThread && working) {
            held.add(send);
        } else {
            send.run();
        }
    }

    private void sendHeld() {
        Runnable send;
        while ((send = held.poll()) != null) {
            try {
                send.run();
            } catch (RuntimeException e) {
                log.error("Sending after an answer failed", e);
            }
        }
    }

    private static void warnFull(Lane lane, Waiting waiting) {
        long now = System.nanoTime();
        long last = waiting.lastWarned.get();
        if (now - last > TimeUnit.SECONDS.toNanos(10) && waiting.lastWarned.compareAndSet(last, now)) {
            log.warn(
                    "The box's {} lane is full ({} waiting); refusing more",
                    lane.name().toLowerCase(),
                    waiting.cap);
        }
    }

    /**
     * Runs {@code work} on the box thread after {@code delay}, unless cancelled first. Timers share
     * the one thread, so a timeout and a command never race.
     */
    public ScheduledFuture<?> later(Duration delay, Runnable work) {
        return thread.schedule(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        log.error("Box timer failed", e);
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} on the box thread every {@code period} until cancelled. */
    public ScheduledFuture<?> every(Duration period, Runnable work) {
        return thread.scheduleAtFixedRate(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        log.error("Box timer failed", e);
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops taking work, lets what was accepted run (for up to five seconds), then stops the thread. */
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
