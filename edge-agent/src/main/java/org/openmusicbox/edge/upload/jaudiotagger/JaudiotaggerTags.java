package org.openmusicbox.edge.upload.jaudiotagger;

import java.nio.file.Path;
import java.util.logging.Level;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;
import org.jaudiotagger.tag.images.Artwork;
import org.openmusicbox.edge.upload.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Tags} with jaudiotagger: ID3v1/v2, Vorbis comments (Ogg, FLAC), MP4 atoms, WAV INFO/ID3 chunks. */
public final class JaudiotaggerTags implements Tags {

    private static final Logger log = LoggerFactory.getLogger(JaudiotaggerTags.class);
    /** A cover bigger than this is not kept: it would be a photo, not a sleeve. */
    private static final int MAX_COVER_BYTES = 2 * 1024 * 1024;

    /**
     * jaudiotagger reports every oddity of every file on java.util.logging at INFO and WARNING. Held here because
     * java.util.logging keeps its loggers only weakly: once collected, the level set on it would be lost and the
     * journal would get a dozen lines per upload again (seen on the live stack run).
     */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.jaudiotagger");

    static {
        QUIET.setLevel(Level.SEVERE);
    }

    @Override
    public FileTags read(Path file) {
        try {
            AudioFile audio = AudioFileIO.read(file.toFile());
            Tag tag = audio.getTag();
            if (tag == null) {
                return FileTags.NONE;
            }
            return new FileTags(
                    field(tag, FieldKey.TITLE), field(tag, FieldKey.ARTIST), field(tag, FieldKey.ALBUM), cover(tag));
        } catch (Exception | LinkageError e) {
            log.debug("No tags read from {}: {}", file.getFileName(), e.toString());
            return FileTags.NONE;
        }
    }

    private static String field(Tag tag, FieldKey key) {
        try {
            String value = tag.getFirst(key);
            if (value == null) {
                return null;
            }
            String clean = value.replaceAll("\\p{Cntrl}", "").strip();
            return clean.isEmpty() ? null : clean.length() > 255 ? clean.substring(0, 255) : clean;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Cover cover(Tag tag) {
        try {
            Artwork art = tag.getFirstArtwork();
            if (art == null
                    || art.getBinaryData() == null
                    || art.getBinaryData().length == 0
                    || art.getBinaryData().length > MAX_COVER_BYTES) {
                return null;
            }
            String mime = art.getMimeType() == null ? "" : art.getMimeType().toLowerCase(java.util.Locale.ROOT);
            return new Cover(art.getBinaryData(), mime.contains("png") ? "png" : "jpg");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
