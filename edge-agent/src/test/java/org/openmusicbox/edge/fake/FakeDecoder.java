package org.openmusicbox.edge.fake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.DecodedTrack;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.audio.PcmFormat;

/**
 * A decoder for player logic tests: any existing file "decodes" to silence of the length written
 * in it as text (milliseconds), so tests control durations exactly. Files that do not exist, or
 * hold "fail", fail like a broken file would.
 */
public final class FakeDecoder implements Decoder {

    private final PcmFormat format = PcmFormat.STANDARD;
    private final List<Path> opened = new ArrayList<>();

    /** Writes a fake track file of {@code ms} milliseconds. */
    public static Path track(Path dir, String name, long ms) {
        try {
            return Files.writeString(dir.resolve(name), Long.toString(ms));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized List<Path> opened() {
        return List.copyOf(opened);
    }

    @Override
    public DecodedTrack open(Path file, long startMs) {
        synchronized (this) {
            opened.add(file);
        }
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new AudioException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.equals("fail")) {
            throw new AudioException("Not an audio file: " + file);
        }
        long durationMs = Long.parseLong(text);
        return new DecodedTrack() {
            long position = Math.min(startMs, durationMs);

            @Override
            public long durationMs() {
                return durationMs;
            }

            @Override
            public int read(byte[] buffer) {
                long left = durationMs - position;
                if (left <= 0) {
                    return -1;
                }
                long ms = Math.min(left, format.bytesToMillis(buffer.length));
                int bytes = (int) format.millisToBytes(ms);
                java.util.Arrays.fill(buffer, 0, bytes, (byte) 0);
                position += ms;
                return bytes;
            }

            @Override
            public void seek(long positionMs) {
                position = Math.min(positionMs, durationMs);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
