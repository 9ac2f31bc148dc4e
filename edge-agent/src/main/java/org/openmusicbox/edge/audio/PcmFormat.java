package org.openmusicbox.edge.audio;

/**
 * The one PCM format inside the box: signed 16-bit little-endian, interleaved. Every decoder
 * produces it and every output takes it, so nothing converts between them on the hot path.
 */
public record PcmFormat(int sampleRate, int channels) {

    /** 48 kHz stereo: what lavaplayer decodes to natively and what the Pi's sound cards take. */
    public static final PcmFormat STANDARD = new PcmFormat(48_000, 2);

    public PcmFormat {
        if (sampleRate < 8_000 || sampleRate > 192_000 || channels < 1 || channels > 2) {
            throw new IllegalArgumentException("Unsupported PCM format " + sampleRate + " Hz x " + channels);
        }
    }

    public int bytesPerFrame() {
        return channels * 2;
    }

    public long bytesToMillis(long bytes) {
        return bytes / bytesPerFrame() * 1000 / sampleRate;
    }

    public long millisToBytes(long millis) {
        return millis * sampleRate / 1000 * bytesPerFrame();
    }
}
