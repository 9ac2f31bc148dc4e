package org.openmusicbox.edge.player.silent;

import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.player.AudioOutput;
import org.openmusicbox.edge.player.PcmFormat;

/**
 * The output used when the box has no sound device: audio is dropped, but at the pace a sound card
 * would take it, so positions, auto-advance and timers behave as on a real box.
 */
public final class SilentOutput implements AudioOutput {

    /** How far ahead of real time writes may run, like a sound card's buffer. */
    static final long BUFFER_MS = 100;

    private final DeviceStatus status;
    private final PcmFormat format;
    private long startedNanos = -1;
    private long writtenBytes;

    /** @param status what health shows: silent by choice or for lack of a device, or failed */
    public SilentOutput(DeviceStatus status) {
        this(status, PcmFormat.STANDARD);
    }

    SilentOutput(DeviceStatus status, PcmFormat format) {
        this.status = status;
        this.format = format;
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("PCM range " + offset + "+" + length + " outside " + pcm.length);
        }
        if (startedNanos < 0) {
            startedNanos = System.nanoTime();
            writtenBytes = 0;
        }
        writtenBytes += length;
        long aheadMs = format.bytesToMillis(writtenBytes) - (System.nanoTime() - startedNanos) / 1_000_000;
        if (aheadMs > BUFFER_MS) {
            try {
                Thread.sleep(aheadMs - BUFFER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void flush() {
        startedNanos = -1;
    }

    @Override
    public void pause() {
        startedNanos = -1;
    }

    @Override
    public void close() {
    }
}
