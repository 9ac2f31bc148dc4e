package org.openmusicbox.cloud.media;

/** Just enough of the MPEG audio frame header to tell a real MP3 stream from bytes that only look like one. */
final class Mp3Frames {

    private static final int[][] BITRATES_KBPS = {
        // MPEG-1 Layer III
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},
        // MPEG-2 and 2.5 Layer III
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},
    };
    private static final int[][] SAMPLE_RATES = {
        {11025, 12000, 8000, 0}, // MPEG-2.5
        {0, 0, 0, 0}, // reserved
        {22050, 24000, 16000, 0}, // MPEG-2
        {44100, 48000, 32000, 0}, // MPEG-1
    };
    /** How far past the tag the first frame may start (some encoders leave padding). */
    private static final int SEARCH_BYTES = 16 * 1024;

    private static final int FRAMES_REQUIRED = 3;

    private Mp3Frames() {}

    /** Offset after an ID3v2 tag at the start, or 0 when there is none. */
    static int afterId3(byte[] b) {
        if (!AudioProbe.startsWith(b, 0, "ID3") || b.length < 10) {
            return 0;
        }
        int size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
        boolean footer = (b[5] & 0x10) != 0;
        return 10 + size + (footer ? 10 : 0);
    }

    static boolean isSync(byte[] b, int i) {
        return frameLength(b, i) > 0;
    }

    /**
     * True when, after any ID3v2 tag, {@value #FRAMES_REQUIRED} consecutive Layer III frames with the same
     * version and sample rate follow each other exactly. Only the first bytes are looked at; a tag larger
     * than them cannot be checked here and is left to the full parse.
     */
    static boolean startsWithFrames(byte[] b) {
        int start = afterId3(b);
        if (start >= b.length) {
            return start > 0; // a tag bigger than the sniffed bytes: jaudiotagger decides
        }
        int end = Math.min(b.length - 4, start + SEARCH_BYTES);
        for (int i = start; i < end; i++) {
            if (chainFrom(b, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean chainFrom(byte[] b, int i) {
        int pos = i;
        int first = header(b, i);
        for (int n = 0; n < FRAMES_REQUIRED; n++) {
            int len = frameLength(b, pos);
            if (len <= 0 || (header(b, pos) & 0xfffe0c00) != (first & 0xfffe0c00)) {
                return false;
            }
            pos += len;
            if (pos + 4 > b.length) {
                return n > 0; // ran out of sniffed bytes with every frame so far lined up
            }
        }
        return true;
    }

    private static int header(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /** Length in bytes of the Layer III frame whose header starts at {@code i}, or -1 when it is not one. */
    static int frameLength(byte[] b, int i) {
        if (i < 0 || i + 4 > b.length) {
            return -1;
        }
        int h = header(b, i);
        if ((h & 0xffe00000) != 0xffe00000) {
            return -1;
        }
        int version = (h >>> 19) & 3;
        int layer = (h >>> 17) & 3;
        int bitrateIndex = (h >>> 12) & 0xf;
        int rateIndex = (h >>> 10) & 3;
        int padding = (h >>> 9) & 1;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1;
        }
        boolean mpeg1 = version == 3;
        int bitrate = BITRATES_KBPS[mpeg1 ? 0 : 1][bitrateIndex] * 1000;
        int sampleRate = SAMPLE_RATES[version][rateIndex];
        int samplesPerFrame = mpeg1 ? 1152 : 576;
        return samplesPerFrame / 8 * bitrate / sampleRate + padding;
    }
}
