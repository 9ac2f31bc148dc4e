package org.openmusicbox.edge.audio;

/**
 * One file being decoded. Used by a single thread (the player's pump thread).
 */
public interface DecodedTrack extends AutoCloseable {

    /** The file's length in milliseconds, 0 when the decoder cannot tell. */
    long durationMs();

    /**
     * Fills {@code buffer} from the start with the next PCM, a whole number of frames.
     *
     * @return the number of bytes written, 0 when nothing was ready yet (call again), -1 at the end
     * @throws AudioException when decoding fails part way
     */
    int read(byte[] buffer);

    /** Moves to {@code positionMs}; the next {@link #read} returns audio from there. */
    void seek(long positionMs);

    @Override
    void close();
}
