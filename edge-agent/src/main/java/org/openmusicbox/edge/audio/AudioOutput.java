package org.openmusicbox.edge.audio;

import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Where decoded audio goes: the sound card on the box, a file, or nowhere on a machine without
 * sound. It takes PCM in {@link PcmFormat#STANDARD} and is used by one thread (the player's pump).
 */
public interface AudioOutput extends AutoCloseable {

    DeviceStatus status();

    /**
     * Writes whole PCM frames, blocking while the device's buffer is full: this is what paces
     * playback to real time.
     */
    void write(byte[] pcm, int offset, int length);

    /** Drops audio written but not yet heard (on seek, stop or a track change). */
    void flush();

    /** Playback pauses: the device stops consuming until the next write. */
    void pause();

    @Override
    void close();
}
