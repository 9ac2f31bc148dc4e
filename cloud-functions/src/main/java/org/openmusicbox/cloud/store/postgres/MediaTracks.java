package org.openmusicbox.cloud.store.postgres;

import static org.openmusicbox.cloud.store.postgres.R2dbcValues.bindNullable;
import static org.openmusicbox.cloud.store.postgres.TrackRows.TRACK_COLUMNS;

import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/** Records that a track's file is in the media store, without overriding what the device said of it. */
final class MediaTracks {

    private static final String TRACK =
            "SELECT " + TRACK_COLUMNS + " FROM tracks WHERE device_id = :device AND track_id = :id AND NOT deleted";

    /** A new track gets version 0; a known one only its media fields; a deleted one nothing. */
    private static final String REGISTER_TRACK = """
            WITH device AS (INSERT INTO devices (device_id) VALUES (:device) ON CONFLICT DO NOTHING)
            INSERT INTO tracks AS t (device_id, track_id, playlist_id, track_number, title, artist, album,
                                     duration_ms, object_key, sha256, file_size, format, version, deleted)
            VALUES (:device, :id, :playlist, :number, :title, :artist, :album,
                    :duration, :objectKey, :sha256, :size, :format, 0, false)
            ON CONFLICT (device_id, track_id) DO UPDATE
               SET object_key = excluded.object_key, sha256 = excluded.sha256, file_size = excluded.file_size,
                   format = excluded.format,
                   duration_ms = CASE WHEN excluded.duration_ms > 0 THEN excluded.duration_ms ELSE t.duration_ms END,
                   updated_at = now()
             WHERE NOT t.deleted
               AND (t.object_key, t.sha256, t.file_size, t.format, t.duration_ms)
                   IS DISTINCT FROM (excluded.object_key, excluded.sha256, excluded.file_size, excluded.format,
                       CASE WHEN excluded.duration_ms > 0 THEN excluded.duration_ms ELSE t.duration_ms END)""";

    private final DatabaseClient db;

    MediaTracks(DatabaseClient db) {
        this.db = db;
    }

    Mono<CloudTrack> registerTrack(String deviceId, String playlistId, CloudTrack track) {
        if (!track.hasMedia()) {
            return Mono.error(new IllegalArgumentException(
                    "track " + track.id() + " must carry its media (object_key, sha256, format) to be registered"));
        }
        if (!playlistId.equals(track.playlistId())) {
            return Mono.error(new IllegalArgumentException(
                    "track " + track.id() + " names playlist " + track.playlistId() + ", not " + playlistId));
        }
        GenericExecuteSpec spec = db.sql(REGISTER_TRACK)
                .bind("device", deviceId)
                .bind("id", track.id())
                .bind("playlist", playlistId)
                .bind("number", track.trackNumber())
                .bind("title", track.title())
                .bind("duration", track.durationMs())
                .bind("objectKey", track.objectKey())
                .bind("sha256", track.sha256())
                .bind("size", track.fileSize())
                .bind("format", track.format());
        spec = bindNullable(spec, "artist", track.artist());
        spec = bindNullable(spec, "album", track.album());
        return spec.fetch()
                .rowsUpdated()
                .then(db.sql(TRACK)
                        .bind("device", deviceId)
                        .bind("id", track.id())
                        .map(TrackRows::track)
                        .one())
                // a deleted track stays deleted; the answer is then the given track
                .defaultIfEmpty(track);
    }
}
