package org.openmusicbox.edge.audio;

/**
 * Says what a stretch of s16le PCM sounds like: its pitch, its level and how much of it is one
 * tone, so a test can tell "the 440 Hz tone that was encoded" from silence or noise.
 */
public final class ToneCheck {

    /** The measurements of one stretch of PCM (first channel). */
    public record Tone(double hz, double rms, double amplitudeAtHz) {}

    private ToneCheck() {}

    /** Measures {@code length} bytes from {@code offset}: pitch and tone amplitude on the first channel, RMS on all. */
    public static Tone measure(byte[] pcm, int offset, int length, PcmFormat format) {
        double hz = frequency(pcm, offset, length, format);
        return new Tone(hz, rms(pcm, offset, length), amplitudeAt(pcm, offset, length, format, hz));
    }

    /** Measures the middle of {@code pcm}, skipping {@code edgeMs} at each end (fades, encoder delay). */
    public static Tone measureMiddle(byte[] pcm, PcmFormat format, long edgeMs) {
        int edge = (int) format.millisToBytes(edgeMs);
        if (pcm.length <= 2 * edge) {
            throw new IllegalArgumentException("Only " + format.bytesToMillis(pcm.length) + " ms of PCM");
        }
        return measure(pcm, edge, pcm.length - 2 * edge, format);
    }

    /** Root mean square of every sample, in 16-bit sample units (a full-scale sine is about 23170). */
    public static double rms(byte[] pcm, int offset, int length) {
        int samples = length / 2;
        if (samples == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            double s = sample(pcm, offset + 2 * i);
            sum += s * s;
        }
        return Math.sqrt(sum / samples);
    }

    /**
     * The pitch of the first channel from its rising zero crossings (interpolated between
     * samples), 0 when there are fewer than two.
     */
    public static double frequency(byte[] pcm, int offset, int length, PcmFormat format) {
        int frameBytes = format.bytesPerFrame();
        int frames = length / frameBytes;
        double first = -1;
        double last = -1;
        int crossings = 0;
        double previous = sample(pcm, offset);
        for (int i = 1; i < frames; i++) {
            double current = sample(pcm, offset + i * frameBytes);
            if (previous < 0 && current >= 0) {
                double at = i - 1 + previous / (previous - current);
                if (first < 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
            previous = current;
        }
        return crossings < 2 ? 0 : (crossings - 1) * format.sampleRate() / (last - first);
    }

    /**
     * The amplitude of the first channel's component at {@code hz} (Goertzel), in sample units: for
     * a pure sine of amplitude A it is about A, for other frequencies or silence near 0.
     */
    public static double amplitudeAt(byte[] pcm, int offset, int length, PcmFormat format, double hz) {
        int frameBytes = format.bytesPerFrame();
        int frames = length / frameBytes;
        if (frames == 0 || hz <= 0) {
            return 0;
        }
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / format.sampleRate());
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < frames; i++) {
            double s = sample(pcm, offset + i * frameBytes) + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / frames;
    }

    private static double sample(byte[] pcm, int at) {
        return (short) ((pcm[at] & 0xff) | (pcm[at + 1] << 8));
    }
}
