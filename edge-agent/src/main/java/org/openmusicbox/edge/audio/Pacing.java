package org.openmusicbox.edge.audio;

/**
 * Holds a writer back to real time, as a sound card's blocking write does: after each write it
 * sleeps while the audio written since the last restart runs more than a buffer's worth ahead of
 * the clock. Outputs without a device (silent, a file) use it so that positions, auto-advance and
 * timers behave as on a real box. Used by one thread.
 */
public final class Pacing {

    /** How far ahead of real time writes may run, like a sound card's buffer. */
    public static final long BUFFER_MS = 100;

    private final PcmFormat format;
    private long startedNanos = -1;
    private long bytes;

    public Pacing(PcmFormat format) {
        this.format = format;
    }

    /** Counts {@code length} bytes just written and waits until they are due. */
    public void wrote(int length) {
        if (startedNanos < 0) {
            startedNanos = System.nanoTime();
            bytes = 0;
        }
        bytes += length;
        long aheadMs = format.bytesToMillis(bytes) - (System.nanoTime() - startedNanos) / 1_000_000;
        if (aheadMs > BUFFER_MS) {
            try {
                Thread.sleep(aheadMs - BUFFER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Playback stopped, paused or jumped: the next write starts the clock again. */
    public void restart() {
        startedNanos = -1;
    }
}
