package org.openmusicbox.cloud.store.postgres;

import static org.openmusicbox.cloud.store.postgres.R2dbcValues.instant;
import static org.openmusicbox.cloud.store.postgres.TrackRows.TRACK_COLUMNS;

import java.util.List;
import org.openmusicbox.cloud.store.PlaylistDetails;
import org.openmusicbox.cloud.store.PlaylistSummary;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a device's playlists and their tracks, leaving out what is deleted. */
final class StoredPlaylists {

    private static final String PLAYLISTS = """
            SELECT p.playlist_id, p.title, p.description, p.version, p.updated_at,
                   (SELECT count(*) FROM tracks t
                     WHERE t.device_id = p.device_id AND t.playlist_id = p.playlist_id AND NOT t.deleted) AS track_count
              FROM playlists p
             WHERE p.device_id = :device AND NOT p.deleted
             ORDER BY p.title, p.playlist_id""";

    private static final String PLAYLIST = """
            SELECT playlist_id, title, description, version, updated_at FROM playlists
             WHERE device_id = :device AND playlist_id = :id AND NOT deleted""";

    private static final String PLAYLIST_TRACKS = "SELECT " + TRACK_COLUMNS + """
             FROM tracks
            WHERE device_id = :device AND playlist_id = :id AND NOT deleted
            ORDER BY track_number, track_id""";

    private final DatabaseClient db;

    StoredPlaylists(DatabaseClient db) {
        this.db = db;
    }

    Flux<PlaylistSummary> playlists(String deviceId) {
        return db.sql(PLAYLISTS)
                .bind("device", deviceId)
                .map(row -> new PlaylistSummary(
                        row.get("playlist_id", String.class),
                        row.get("title", String.class),
                        row.get("description", String.class),
                        row.get("track_count", Long.class).intValue(),
                        row.get("version", Long.class),
                        instant(row, "updated_at")))
                .all();
    }

    Mono<PlaylistDetails> playlist(String deviceId, String playlistId) {
        Mono<List<CloudTrack>> tracks = db.sql(PLAYLIST_TRACKS)
                .bind("device", deviceId)
                .bind("id", playlistId)
                .map(TrackRows::track)
                .all()
                .collectList();
        return db.sql(PLAYLIST)
                .bind("device", deviceId)
                .bind("id", playlistId)
                .map(row -> new PlaylistDetails(
                        row.get("playlist_id", String.class),
                        row.get("title", String.class),
                        row.get("description", String.class),
                        row.get("version", Long.class),
                        instant(row, "updated_at"),
                        List.of()))
                .one()
                .flatMap(p -> tracks.map(list ->
                        new PlaylistDetails(p.id(), p.title(), p.description(), p.version(), p.updatedAt(), list)));
    }
}
