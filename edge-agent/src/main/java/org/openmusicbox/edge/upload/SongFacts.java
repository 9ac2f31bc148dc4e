package org.openmusicbox.edge.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.DecodedTrack;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.library.Library;

/**
 * What an uploaded file is: whether its first bytes are audio of the kind its name says, how long
 * it plays, and what its tags say. The track the library gets is made from these, with the parent's
 * choices first.
 */
public final class SongFacts {

    private final Decoder decoder;
    private final Tags tags;

    public SongFacts(Decoder decoder, Tags tags) {
        this.decoder = decoder;
        this.tags = tags;
    }

    /** Whether the file starting with {@code firstChunk} is audio of this extension's family. */
    boolean looksLikeAudio(String extension, Path firstChunk) {
        byte[] head = new byte[AudioContent.HEAD];
        int read = CardFiles.readHead(firstChunk, head);
        return AudioContent.looksLike(extension, head, read);
    }

    static BoxError notAudio(String extension) {
        return new BoxError(
                "unsupported_media_type",
                415,
                "The file is not " + extension.toUpperCase(Locale.ROOT)
                        + " audio (its bytes say otherwise); the upload was discarded",
                null,
                null);
    }

    /** @throws BoxError 415 when the decoder cannot play the file */
    long playingTimeMs(Path file) {
        try (DecodedTrack decoded = decoder.open(file, 0)) {
            return decoded.durationMs();
        } catch (AudioException e) {
            throw new BoxError(
                    "unsupported_media_type",
                    415,
                    "The file cannot be played (" + e.getMessage() + "); the upload was discarded",
                    null,
                    null);
        }
    }

    Tags.FileTags tags(Path file) {
        return tags.read(file);
    }

    /** The track for the library: the parent's override first, then the file's tags, then its name. */
    static Library.NewTrack track(
            UploadSession s,
            Path file,
            long durationMs,
            Tags.FileTags found,
            Uploads.Override override,
            String sha256) {
        String title = firstOf(override.title(), found.title(), FileNames.stem(s.filename()));
        String artist = firstOf(override.artist(), found.artist(), null);
        String album = firstOf(override.album(), found.album(), null);
        return new Library.NewTrack(
                title, s.filename(), file.toString(), durationMs, artist, album, s.fileSize(), sha256);
    }

    /** The {@code metadata} of the finalize answer and of {@code upload:complete}. */
    static Map<String, Object> metadata(
            String title,
            String artist,
            String album,
            long durationMs,
            long fileSize,
            String extension,
            boolean cover) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("artist", artist);
        m.put("album", album);
        m.put("duration_ms", durationMs);
        m.put("file_size", fileSize);
        m.put("format", extension);
        m.put("has_cover_art", cover);
        return m;
    }

    static Path cover(Path mediaDir, String sessionId, String extension) {
        return mediaDir.resolve(sessionId + ".cover." + extension);
    }

    static boolean hasCover(Path mediaDir, String sessionId) {
        return Files.exists(cover(mediaDir, sessionId, "jpg")) || Files.exists(cover(mediaDir, sessionId, "png"));
    }

    private static String firstOf(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b.strip();
        }
        return c;
    }
}
