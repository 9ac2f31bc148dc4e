package org.openmusicbox.edge.player.silent;

import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.player.AudioOutput;

/**
 * The output used when the box has no sound device: audio is accepted and dropped, so everything
 * else (playlists, positions, NFC) works the same on a laptop or a server.
 */
public final class SilentOutput implements AudioOutput {

    private final String reason;

    public SilentOutput(String reason) {
        this.reason = reason;
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.silent(reason);
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("PCM range " + offset + "+" + length + " outside " + pcm.length);
        }
    }

    @Override
    public void close() {
    }
}
