package org.openmusicbox.cloud.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Replica;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A track added in the cloud (a cloud upload, a YouTube download) written into the box's replica as edits made in
 * the cloud, logged for the box, which is then told {@code sync_now}: that is how it reaches the box.
 *
 * <ul>
 *   <li>A track the replica does not know gets {@code title}, {@code artist}, {@code album}, {@code duration_ms},
 *       {@code media}, and {@code playlist_id} last, so a box that pulls between the writes sees it whole or not
 *       at all. No {@code order} is written (docs/sync.md, "What a write records"): the view puts a track the
 *       order does not name last, by the stamp of its {@code playlist_id}, so tracks registered one after another
 *       (a video's chapters) keep their order, and a parent's reorder made meanwhile on the box is not undone.
 *   <li>A track it knows (the box's own track whose file was uploaded, or the same track registered again) gets
 *       only its {@code media}, when that differs; the box's title and place stay. A deleted track is left
 *       deleted. So the same track id twice registers once and logs nothing the second time.
 *   <li>A playlist the replica does not know is not created: the track names it, and the playlist is shown,
 *       untitled, until the box's own change of it arrives (the box may have made it and not yet sent it;
 *       a title written here would win over the parent's). A playlist that already holds
 *       {@link SyncChange#MAX_ORDER} live tracks takes no new one (an {@link IllegalArgumentException}): its
 *       order would no longer fit in one message.
 * </ul>
 *
 * Two registrations of one new track at the same moment may both write its fields; the values are the same, so
 * the result is too.
 */
public final class CloudTracks {

    private final LibraryReplica replica;
    private final SyncNow syncNow;

    public CloudTracks(LibraryReplica replica, SyncNow syncNow) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.syncNow = Objects.requireNonNull(syncNow, "syncNow");
    }

    /** Emits {@code track} once its fields are logged (or were already there). */
    public Mono<CloudTrack> register(String deviceId, String playlistId, CloudTrack track) {
        return Mono.defer(() -> {
            check(playlistId, track);
            return replica.state(deviceId).flatMap(state -> {
                Map<String, Object> writes = writes(state, playlistId, track);
                return Flux.fromIterable(writes.entrySet())
                        .concatMap(w -> replica.write(deviceId, Entity.TRACK, track.id(), w.getKey(), w.getValue()))
                        .then(Mono.fromRunnable(() -> {
                            if (!writes.isEmpty()) {
                                syncNow.changed(deviceId);
                            }
                        }))
                        .thenReturn(track);
            });
        });
    }

    private static void check(String playlistId, CloudTrack track) {
        if (!track.hasMedia()) {
            throw new IllegalArgumentException(
                    "track " + track.id() + " must carry its media (object_key, sha256, format) to be registered");
        }
        if (!playlistId.equals(track.playlistId())) {
            throw new IllegalArgumentException(
                    "track " + track.id() + " names playlist " + track.playlistId() + ", not " + playlistId);
        }
    }

    /** The fields to write, in order; empty when the replica holds the track as given already. */
    private static Map<String, Object> writes(
            Map<EntityKey, Map<String, Replica.Versioned>> state, String playlistId, CloudTrack track) {
        Media media = new Media(track.sha256(), track.objectKey(), track.format(), track.fileSize());
        Map<String, Replica.Versioned> known = state.get(new EntityKey(Entity.TRACK, track.id()));
        Map<String, Object> writes = new LinkedHashMap<>();
        if (known != null && known.containsKey(Fields.PLAYLIST_ID)) {
            if (!Boolean.TRUE.equals(value(known, Fields.DELETED)) && !media.equals(value(known, Fields.MEDIA))) {
                writes.put(Fields.MEDIA, media);
            }
            return writes;
        }
        int live = liveTracks(state, playlistId);
        if (live >= SyncChange.MAX_ORDER) {
            throw new IllegalArgumentException("playlist " + playlistId + " holds " + live
                    + " tracks, the most a playlist can hold; track " + track.id() + " was not added");
        }
        writes.put(Fields.TITLE, track.title());
        if (track.artist() != null) {
            writes.put(Fields.ARTIST, track.artist());
        }
        if (track.album() != null) {
            writes.put(Fields.ALBUM, track.album());
        }
        writes.put(Fields.DURATION_MS, track.durationMs());
        writes.put(Fields.MEDIA, media);
        writes.put(Fields.PLAYLIST_ID, playlistId);
        return writes;
    }

    private static int liveTracks(Map<EntityKey, Map<String, Replica.Versioned>> state, String playlistId) {
        List<EntityKey> live = new ArrayList<>();
        state.forEach((key, fields) -> {
            if (key.entity() == Entity.TRACK
                    && playlistId.equals(value(fields, Fields.PLAYLIST_ID))
                    && !Boolean.TRUE.equals(value(fields, Fields.DELETED))) {
                live.add(key);
            }
        });
        return live.size();
    }

    private static Object value(Map<String, Replica.Versioned> fields, String field) {
        Replica.Versioned versioned = fields.get(field);
        return versioned == null ? null : versioned.value();
    }
}
