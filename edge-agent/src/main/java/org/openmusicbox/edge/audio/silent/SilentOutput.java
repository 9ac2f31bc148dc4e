package org.openmusicbox.edge.audio.silent;

import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Pacing;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The output used when the box has no sound device: audio is dropped, but at the pace a sound card
 * would take it, so positions, auto-advance and timers behave as on a real box.
 */
public final class SilentOutput implements AudioOutput {

    private final DeviceStatus status;
    private final Pacing pacing;

    /** @param status what health shows: silent by choice or for lack of a device, or failed */
    public SilentOutput(DeviceStatus status) {
        this(status, PcmFormat.STANDARD);
    }

    SilentOutput(DeviceStatus status, PcmFormat format) {
        this.status = status;
        this.pacing = new Pacing(format);
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
        pacing.wrote(length);
    }

    @Override
    public void flush() {
        pacing.restart();
    }

    @Override
    public void pause() {
        pacing.restart();
    }

    @Override
    public void close() {}
}
