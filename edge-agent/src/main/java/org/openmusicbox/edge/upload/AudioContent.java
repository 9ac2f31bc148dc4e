package org.openmusicbox.edge.upload;

import java.nio.charset.StandardCharsets;

/**
 * Recognises an audio file by its first bytes, whatever its name says: a text file renamed .mp3 is
 * not a song. Knows the formats uploads accept (MP3, WAV, FLAC, Ogg, M4A/AAC).
 */
public final class AudioContent {

    /** How many leading bytes {@link #looksLike} needs. */
    public static final int HEAD = 12;

    private AudioContent() {}

    /** Whether {@code head} (the file's first bytes) starts a file of this extension's family. */
    public static boolean looksLike(String extension, byte[] head, int length) {
        return switch (extension) {
            case "mp3" -> id3(head, length) || mpegFrame(head, length);
            case "wav" -> ascii(head, length, 0, "RIFF") && ascii(head, length, 8, "WAVE");
            case "flac" -> ascii(head, length, 0, "fLaC") || id3(head, length);
            case "ogg" -> ascii(head, length, 0, "OggS");
            case "m4a" -> ascii(head, length, 4, "ftyp");
            case "aac" -> adts(head, length) || id3(head, length) || ascii(head, length, 4, "ftyp");
            default -> false;
        };
    }

    private static boolean id3(byte[] b, int n) {
        return ascii(b, n, 0, "ID3");
    }

    /** MPEG audio frame sync: 11 set bits, a valid version and layer, and a valid bitrate index. */
    private static boolean mpegFrame(byte[] b, int n) {
        if (n < 3 || (b[0] & 0xff) != 0xff || (b[1] & 0xe0) != 0xe0) {
            return false;
        }
        int version = (b[1] >> 3) & 0x3;
        int layer = (b[1] >> 1) & 0x3;
        int bitrate = (b[2] >> 4) & 0xf;
        int rate = (b[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrate != 0xf && rate != 3;
    }

    /** ADTS (raw AAC): 12 set bits, layer 0. */
    private static boolean adts(byte[] b, int n) {
        return n >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xf6) == 0xf0;
    }

    private static boolean ascii(byte[] b, int n, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (n < at + t.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (b[at + i] != t[i]) {
                return false;
            }
        }
        return true;
    }
}
