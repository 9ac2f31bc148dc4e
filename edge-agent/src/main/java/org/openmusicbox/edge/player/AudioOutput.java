package org.openmusicbox.edge.player;

import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Where decoded audio goes: the sound card on the box, or nowhere on a machine without one.
 * The player writes 16-bit signed little-endian interleaved PCM.
 */
public interface AudioOutput extends AutoCloseable {

    DeviceStatus status();

    /** Writes PCM frames, blocking while the device buffer is full (this paces playback). */
    void write(byte[] pcm, int offset, int length);

    @Override
    void close();
}
