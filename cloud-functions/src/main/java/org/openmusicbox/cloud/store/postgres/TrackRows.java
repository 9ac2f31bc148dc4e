package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.Readable;
import org.openmusicbox.cloud.store.StoredTrack;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;

/** How a row of {@code tracks} is read: the columns to select and the track they make. */
final class TrackRows {

    static final String TRACK_COLUMNS = """
            track_id, playlist_id, track_number, title, artist, album, duration_ms, object_key, sha256,
            file_size, format, version, deleted""";

    private TrackRows() {
    }

    /** A row of {@code tracks}: the track and its tombstone flag. */
    record TrackRow(StoredTrack track, boolean deleted) {

        /** The stored track for the media side; only called for a row that holds its media fields. */
        CloudTrack cloudTrack() {
            StoredTrack t = track;
            return new CloudTrack(t.id(), t.playlistId(), t.trackNumber(), t.title(), t.artist(), t.album(),
                    t.durationMs(), t.objectKey(), t.sha256(), t.fileSize(), t.format());
        }
    }

    static TrackRow track(Readable row) {
        Integer number = row.get("track_number", Integer.class);
        Long duration = row.get("duration_ms", Long.class);
        Long size = row.get("file_size", Long.class);
        StoredTrack track = new StoredTrack(
                row.get("track_id", String.class),
                row.get("playlist_id", String.class),
                number == null ? 0 : number,
                row.get("title", String.class),
                row.get("artist", String.class),
                row.get("album", String.class),
                duration == null ? 0 : duration,
                row.get("object_key", String.class),
                row.get("sha256", String.class),
                size == null ? 0 : size,
                row.get("format", String.class),
                row.get("version", Long.class));
        return new TrackRow(track, Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
    }
}
