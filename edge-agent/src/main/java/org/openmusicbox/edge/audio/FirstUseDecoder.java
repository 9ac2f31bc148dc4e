package org.openmusicbox.edge.audio;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A decoder that is built when the first track is opened, not when the box starts. Lavaplayer's
 * player manager loads about 350 classes and, through its playlist probes' HTTP client, parses the
 * JVM's whole trust store (about 150 certificates, kept for the life of the process): some 3 MiB of a
 * box that may sit idle for days before its first tag. The first track after a start pays for it
 * instead (docs/memory.md has both figures).
 */
public final class FirstUseDecoder implements Decoder {

    private final Supplier<? extends Decoder> make;
    private Decoder made;
    private boolean closed;

    public FirstUseDecoder(Supplier<? extends Decoder> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    @Override
    public DecodedTrack open(Path file, long startMs) {
        return decoder().open(file, startMs);
    }

    /** Whether the real decoder has been built: for tests and the start log. */
    public synchronized boolean built() {
        return made != null;
    }

    // Synchronized: the deck and an upload's probe may open their first files at the same moment, and
    // the process must own one player manager.
    private synchronized Decoder decoder() {
        if (closed) {
            throw new AudioException("The decoder is closed");
        }
        if (made == null) {
            made = Objects.requireNonNull(make.get(), "the decoder factory returned null");
        }
        return made;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (made != null) {
            made.close();
        }
    }
}
