package org.openmusicbox.cloud.store;

import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cloud copy of each box's library (playlists, tracks with their media objects, tag links), keyed by
 * device. Every entity keeps the version of the last change applied to it; a delete keeps a tombstone.
 */
public interface PlaylistStore {

    /**
     * Applies one change of a device in a transaction of its own and says what happened:
     * <ul>
     * <li>{@code applied}: the change's version was above the stored one (or the entity was new);</li>
     * <li>{@code duplicate}: this {@code change_id} was answered before; nothing written;</li>
     * <li>{@code stale}: the entity (or its tombstone) already has this version or a newer one; nothing
     * written, {@code stored_version} is the one that won;</li>
     * <li>{@code rejected}: the change breaks a rule of the store (a version below 1, text the database cannot
     * hold); nothing written, {@code reason} says why.</li>
     * </ul>
     * Fails (an error signal) only when the store itself is unavailable; the change can then be sent again.
     */
    Mono<ChangeResult> apply(String deviceId, LibraryChange change);

    /** The device's playlists that are not deleted, with the number of their tracks that are not, by title. */
    Flux<PlaylistSummary> playlists(String deviceId);

    /** One playlist with its tracks in order; empty when the device has no such playlist or deleted it. */
    Mono<PlaylistDetails> playlist(String deviceId, String playlistId);

    /**
     * Records that a track's file is in the media store (upload processing, YouTube downloads), idempotent by
     * track id. A track the store does not know yet is created with version 0, so the device's own first change
     * of it wins; a track it knows gets the media fields ({@code object_key}, {@code sha256}, {@code file_size},
     * {@code format}, and {@code duration_ms} when above 0) and keeps the device's title, position and version.
     * A deleted track stays deleted and is not written. Emits the track as stored (for a deleted one, the given
     * track).
     *
     * @throws IllegalArgumentException (as an error signal) when {@code track.playlist_id} is not {@code playlistId}
     *         or the track does not carry its media
     */
    Mono<CloudTrack> registerTrack(String deviceId, String playlistId, CloudTrack track);

    /**
     * Records a device's presence. Presence is retained and can be delivered late or twice, so an older
     * {@code at} than the one stored changes nothing. The last will is written at connect, so it carries the
     * same {@code at} as the {@code online} of that connection (docs/mqtt.md): at equal times {@code offline}
     * wins. Emits true when it was recorded.
     */
    Mono<Boolean> recordPresence(Presence presence);

    /** The device's last recorded presence; empty when it never said. */
    Mono<Presence> presence(String deviceId);
}
