package org.openmusicbox.cloud.youtube;

import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import reactor.core.publisher.Mono;

/**
 * Where downloaded tracks are registered: the playlist store's {@code registerTrack}. A small interface of
 * our own so that this package needs nothing else of the store.
 */
@FunctionalInterface
public interface TrackRegistry {

    /**
     * Adds {@code track}, which must carry its media, to the device's playlist; the same track id twice
     * registers it once.
     */
    Mono<CloudTrack> register(String deviceId, String playlistId, CloudTrack track);
}
