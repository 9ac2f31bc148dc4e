package org.openmusicbox.edge.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body when no byte has arrived for a while. The HTTP client bounds the wait for the
 * headers but not for the body, and a half-open connection on the box's Wi-Fi would otherwise hold the
 * download, and every later fetch of the same file, forever. The checks run on the JDK's shared delay
 * thread: a check is a comparison and at most a close.
 */
final class StallGuard implements AutoCloseable {

    private final InputStream body;
    private final long timeoutNanos;
    private final long periodNanos;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean finished;
    private volatile boolean stalled;

    StallGuard(InputStream body, Duration timeout) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
        this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 4);
        schedule();
    }

    void progress() {
        lastProgress = System.nanoTime();
    }

    boolean stalled() {
        return stalled;
    }

    private void schedule() {
        CompletableFuture.delayedExecutor(periodNanos, TimeUnit.NANOSECONDS, Runnable::run)
                .execute(this::check);
    }

    private void check() {
        if (finished) {
            return;
        }
        if (System.nanoTime() - lastProgress < timeoutNanos) {
            schedule();
            return;
        }
        stalled = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is all that is wanted; the reader sees the stream fail
        }
    }

    @Override
    public void close() {
        finished = true;
    }
}
