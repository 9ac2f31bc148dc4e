package org.openmusicbox.cloud.store;

import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import reactor.core.publisher.Mono;

/**
 * Where a track added in the cloud (a cloud upload, a YouTube download) is registered: in the box's replica, so
 * that it syncs to the box (sync/CloudTracks), and in the playlist store the HTTP functions read.
 */
@FunctionalInterface
public interface TrackRegistry {

    /**
     * Adds {@code track}, which must carry its media, to the device's playlist; the same track id twice
     * registers it once.
     */
    Mono<CloudTrack> register(String deviceId, String playlistId, CloudTrack track);
}
