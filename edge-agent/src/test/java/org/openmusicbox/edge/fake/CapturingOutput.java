package org.openmusicbox.edge.fake;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Pacing;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * An audio output that keeps every byte written and counts every call, so a test can check what
 * the player sent to the sound card and when. It can be told to fail, and it can pace writes to
 * real time as a sound card does ({@link #paced()}), for tests about positions and timers.
 * Written by the player's pump thread, read by the test thread.
 */
public final class CapturingOutput implements AudioOutput {

    private static final PcmFormat FORMAT = PcmFormat.STANDARD;

    private final boolean paced;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int writes;
    private int flushes;
    private int pauses;
    private int closes;
    private long firstWriteNanos = -1;
    private AudioException failure;
    private DeviceStatus status = DeviceStatus.available("capturing");

    // Touched only by the writing thread.
    private final Pacing pacing = new Pacing(FORMAT);

    private CapturingOutput(boolean paced) {
        this.paced = paced;
    }

    /** Takes writes as fast as they come. */
    public CapturingOutput() {
        this(false);
    }

    /** Blocks writes that run more than {@link Pacing#BUFFER_MS} ahead of real time. */
    public static CapturingOutput paced() {
        return new CapturingOutput(true);
    }

    @Override
    public synchronized DeviceStatus status() {
        return status;
    }

    public synchronized void status(DeviceStatus status) {
        this.status = status;
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("PCM range " + offset + "+" + length + " outside " + pcm.length);
        }
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            if (firstWriteNanos < 0) {
                firstWriteNanos = System.nanoTime();
            }
            bytes.write(pcm, offset, length);
            writes++;
            notifyAll();
        }
        if (paced) {
            pacing.wrote(length);
        }
    }

    @Override
    public synchronized void flush() {
        flushes++;
        pacing.restart();
        notifyAll();
    }

    @Override
    public synchronized void pause() {
        pauses++;
        pacing.restart();
        notifyAll();
    }

    @Override
    public synchronized void close() {
        closes++;
        notifyAll();
    }

    /** Every write from now on throws {@code failure}, until {@link #stopFailing()}. */
    public synchronized void failWith(AudioException failure) {
        this.failure = failure;
    }

    public synchronized void stopFailing() {
        this.failure = null;
    }

    /** A copy of everything written so far. */
    public synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    public synchronized long byteCount() {
        return bytes.size();
    }

    /** The audio written so far, in milliseconds of {@link PcmFormat#STANDARD}. */
    public synchronized long writtenMillis() {
        return FORMAT.bytesToMillis(bytes.size());
    }

    public synchronized int writes() {
        return writes;
    }

    public synchronized int flushes() {
        return flushes;
    }

    public synchronized int pauses() {
        return pauses;
    }

    public synchronized int closes() {
        return closes;
    }

    /** {@link System#nanoTime()} at the first write, -1 before it. */
    public synchronized long firstWriteNanos() {
        return firstWriteNanos;
    }

    /** Waits until at least {@code count} bytes have been written; false if the timeout passed first. */
    public synchronized boolean awaitBytes(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bytes.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
