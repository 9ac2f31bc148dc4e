package org.openmusicbox.edge.audio;

import java.nio.file.Path;

/** Turns an audio file into PCM in {@link PcmFormat#STANDARD}. */
public interface Decoder extends AutoCloseable {

    /**
     * Opens a file for decoding from {@code startMs}. Fails with {@link AudioException} when the
     * file is missing, is not audio, or is in a format the decoder does not read.
     */
    DecodedTrack open(Path file, long startMs);

    @Override
    void close();
}
