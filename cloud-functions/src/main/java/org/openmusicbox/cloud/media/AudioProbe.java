package org.openmusicbox.cloud.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.audio.AudioHeader;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;

/**
 * Decides from a file's bytes, never its name, whether it is audio the box plays, and reads its
 * duration and tags. The format comes from the magic numbers; then the container is really parsed
 * (for MP3, two consecutive MPEG audio frames must line up; for the others jaudiotagger must read
 * the stream headers), and a file without any sound is refused too.
 */
public final class AudioProbe {

    /** What a probe found; tags are null when absent. */
    public record AudioInfo(AudioFormat format, long durationMs, String title, String artist, String album) {}

    private static final int SNIFF_BYTES = 64 * 1024;
    private static final int MAX_TAG_CHARS = 500;
    private static final Logger JAUDIOTAGGER_LOG = Logger.getLogger("org.jaudiotagger");

    static {
        // jaudiotagger logs every oddity of every file at WARNING and INFO; failures reach us as exceptions.
        JAUDIOTAGGER_LOG.setLevel(Level.SEVERE);
    }

    private static final String NOT_AUDIO =
            "This file is not a song the box can play. " + "Please send an MP3, WAV, FLAC, OGG or M4A audio file.";

    /** Throws {@link MediaRejected} ({@code unsupported_media}) when the file is not playable audio. */
    public AudioInfo probe(Path file) {
        byte[] head = readHead(file);
        AudioFormat format = sniff(head);
        if (format == null) {
            throw new MediaRejected(MediaRejected.UNSUPPORTED_MEDIA, NOT_AUDIO);
        }
        if (format == AudioFormat.MP3 && !Mp3Frames.startsWithFrames(head)) {
            throw new MediaRejected(MediaRejected.UNSUPPORTED_MEDIA, NOT_AUDIO);
        }
        AudioFile audio;
        try {
            audio = AudioFileIO.readAs(file.toFile(), format.extension());
        } catch (Exception | StackOverflowError e) {
            throw new MediaRejected(
                    MediaRejected.UNSUPPORTED_MEDIA,
                    "This " + format.name() + " file is damaged and cannot be played.");
        }
        AudioHeader header = audio.getAudioHeader();
        double seconds = header == null ? 0 : header.getPreciseTrackLength();
        long durationMs = Math.round(seconds * 1000);
        if (!(durationMs > 0)) {
            throw new MediaRejected(MediaRejected.UNSUPPORTED_MEDIA, "This file contains no sound.");
        }
        Tag tag = audio.getTag();
        return new AudioInfo(
                format,
                durationMs,
                field(tag, FieldKey.TITLE),
                field(tag, FieldKey.ARTIST),
                field(tag, FieldKey.ALBUM));
    }

    /** The format named by the first bytes, or null. An ID3v2 tag in front is skipped. */
    static AudioFormat sniff(byte[] b) {
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WAVE")) {
            return AudioFormat.WAV;
        }
        if (startsWith(b, 0, "fLaC")) {
            return AudioFormat.FLAC;
        }
        if (startsWith(b, 0, "OggS")) {
            return indexOf(b, "\u0001vorbis", Math.min(b.length, 256)) >= 0 ? AudioFormat.OGG : null;
        }
        if (startsWith(b, 4, "ftyp")) {
            return isAudioBrand(b) ? AudioFormat.M4A : null;
        }
        int audioStart = Mp3Frames.afterId3(b);
        if (audioStart != 0 && startsWith(b, audioStart, "fLaC")) {
            return AudioFormat.FLAC;
        }
        if (audioStart != 0 || Mp3Frames.isSync(b, 0)) {
            return AudioFormat.MP3;
        }
        return null;
    }

    private static boolean isAudioBrand(byte[] b) {
        if (b.length < 12) {
            return false;
        }
        String major = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
        return switch (major) {
            case "M4A ", "M4B ", "M4P ", "mp42", "mp41", "isom", "iso2", "dash", "3gp4", "3gp5", "3gp6" -> true;
            default -> false;
        };
    }

    private static String field(Tag tag, FieldKey key) {
        if (tag == null) {
            return null;
        }
        try {
            String value = tag.getFirst(key);
            if (value == null) {
                return null;
            }
            value = value.replaceAll("\\p{Cntrl}", "").strip();
            if (value.isEmpty()) {
                return null;
            }
            return value.length() > MAX_TAG_CHARS ? value.substring(0, MAX_TAG_CHARS) : value;
        } catch (RuntimeException unsupportedField) {
            return null;
        }
    }

    private static byte[] readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw new MediaRejected(MediaRejected.INTERNAL_ERROR, "The uploaded file could not be read.");
        }
    }

    static boolean startsWith(byte[] b, int offset, String ascii) {
        if (offset < 0 || offset + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, String ascii, int limit) {
        for (int i = 0; i + ascii.length() <= limit; i++) {
            if (startsWith(b, i, ascii)) {
                return i;
            }
        }
        return -1;
    }
}
