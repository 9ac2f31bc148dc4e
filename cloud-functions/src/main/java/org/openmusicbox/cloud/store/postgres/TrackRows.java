package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.Readable;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;

/** How a row of {@code tracks} that is not deleted is read: the columns to select and the track they make. */
final class TrackRows {

    static final String TRACK_COLUMNS = """
            track_id, playlist_id, track_number, title, artist, album, duration_ms, object_key, sha256,
            file_size, format""";

    private TrackRows() {}

    /**
     * The row's track. Only the cloud writes {@code format}, together with {@code object_key} and
     * {@code sha256}; a device's change may name the key and hash of a file already in the media store
     * without a format. A key the cloud named ({@code media/<sha256>.<ext>}, of this hash) says the format:
     * the extension is the format found in the bytes. Other media a device named are not known to be in the
     * media store, and the track is read without media.
     */
    static CloudTrack track(Readable row) {
        Integer number = row.get("track_number", Integer.class);
        Long duration = row.get("duration_ms", Long.class);
        Long size = row.get("file_size", Long.class);
        String objectKey = row.get("object_key", String.class);
        String sha256 = row.get("sha256", String.class);
        String format = row.get("format", String.class);
        if (format == null) {
            format = formatOfMediaKey(objectKey, sha256);
        }
        boolean media = objectKey != null && sha256 != null && format != null;
        return new CloudTrack(
                row.get("track_id", String.class),
                row.get("playlist_id", String.class),
                number == null ? 0 : number,
                row.get("title", String.class),
                row.get("artist", String.class),
                row.get("album", String.class),
                duration == null ? 0 : duration,
                media ? objectKey : null,
                media ? sha256 : null,
                size == null ? 0 : size,
                media ? format : null);
    }

    /** The extension of {@code media/<sha256>.<ext>} for this hash; null for any other key. */
    static String formatOfMediaKey(String objectKey, String sha256) {
        if (objectKey == null || sha256 == null) {
            return null;
        }
        String prefix = "media/" + sha256 + ".";
        if (!objectKey.startsWith(prefix)) {
            return null;
        }
        String extension = objectKey.substring(prefix.length());
        return extension.matches("[a-z0-9]{1,8}") ? extension : null;
    }
}
