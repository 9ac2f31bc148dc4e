package org.openmusicbox.cloud.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.openmusicbox.cloud.store.PlaylistDetails;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.store.PlaylistSummary;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Only {@link #registerTrack}: tracks in a map keyed by device and track id, as the real store keys them.
 * {@link #failing()} makes it fail as an unreachable database would.
 */
public final class FakePlaylistStore implements PlaylistStore {

    private final Map<String, CloudTrack> tracks = new ConcurrentHashMap<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile boolean failing;

    public FakePlaylistStore failing() {
        failing = true;
        return this;
    }

    @Override
    public Mono<CloudTrack> registerTrack(String deviceId, String playlistId, CloudTrack track) {
        return Mono.fromSupplier(() -> {
            if (failing) {
                throw new IllegalStateException("database unreachable");
            }
            if (!track.playlistId().equals(playlistId)) {
                throw new IllegalArgumentException("playlist mismatch");
            }
            registrations.incrementAndGet();
            tracks.put(deviceId + "/" + track.id(), track);
            return track;
        });
    }

    public Map<String, CloudTrack> tracks() {
        return Map.copyOf(tracks);
    }

    public int registrations() {
        return registrations.get();
    }

    @Override
    public Mono<Boolean> recordPresence(Presence presence) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<Presence> presence(String deviceId) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<ChangeResult> apply(String deviceId, LibraryChange change) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Flux<PlaylistSummary> playlists(String deviceId) {
        return Flux.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<PlaylistDetails> playlist(String deviceId, String playlistId) {
        return Mono.error(new UnsupportedOperationException());
    }
}
