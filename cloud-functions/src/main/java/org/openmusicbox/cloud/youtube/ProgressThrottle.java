package org.openmusicbox.cloud.youtube;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.protocol.v1.YoutubeProgress;

/**
 * The {@code youtube/progress} messages of one task: every status change goes out, other updates at most
 * one per interval (2 a second by default); the status never goes back and the percent never goes down.
 * Thread-safe: the download's output reader and the job's thread both report here.
 */
public final class ProgressThrottle {

    /** The statuses of {@code youtube/progress} (docs/mqtt.md), in the only order they may come. */
    public enum Status {
        PENDING("pending"),
        DOWNLOADING("downloading"),
        PROCESSING("processing"),
        COMPLETED("completed"),
        ERROR("error");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        boolean isFinal() {
            return this == COMPLETED || this == ERROR;
        }
    }

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private final String taskId;
    private final Consumer<YoutubeProgress> sink;
    private final LongSupplier nanoClock;
    private final long intervalNanos;

    private Status status;
    private double percent;
    private long lastSentNanos;

    /** A throttle for a task whose {@code pending} message was already sent (or is not wanted). */
    public ProgressThrottle(String taskId, Consumer<YoutubeProgress> sink, LongSupplier nanoClock, Duration interval) {
        this.taskId = taskId;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.intervalNanos = interval.toNanos();
        this.status = Status.PENDING;
        this.lastSentNanos = nanoClock.getAsLong();
    }

    public ProgressThrottle(String taskId, Consumer<YoutubeProgress> sink) {
        this(taskId, sink, System::nanoTime, DEFAULT_INTERVAL);
    }

    /** The first message of a task. */
    public static YoutubeProgress pending(String taskId) {
        return new YoutubeProgress(taskId, Status.PENDING.wireName(), 0.0, "Waiting for a free downloader", null);
    }

    /**
     * Reports where the task is. Returns whether a message was sent: never for a status before the current
     * one or after a final one; always for a new status; otherwise only once the interval has passed.
     */
    public synchronized boolean report(Status next, double percentNow, String step, Long etaMillis) {
        if (next.ordinal() < status.ordinal() || status.isFinal()) {
            return false;
        }
        long now = nanoClock.getAsLong();
        boolean changed = next != status;
        if (!changed && now - lastSentNanos < intervalNanos) {
            return false;
        }
        double clamped = Math.min(100.0, Math.max(percent, percentNow));
        if (next == Status.COMPLETED) {
            clamped = 100.0;
        }
        clamped = Math.round(clamped * 10.0) / 10.0;
        status = next;
        percent = clamped;
        lastSentNanos = now;
        sink.accept(new YoutubeProgress(taskId, next.wireName(), clamped, step, etaMillis));
        return true;
    }

    public synchronized Status status() {
        return status;
    }
}
