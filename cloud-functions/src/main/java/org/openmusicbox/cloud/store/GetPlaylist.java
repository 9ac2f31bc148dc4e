package org.openmusicbox.cloud.store;

import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** One playlist of a device with its tracks in order; empty when there is none (or it was deleted). */
public final class GetPlaylist implements Function<PlaylistRef, Mono<PlaylistDetails>> {

    private final PlaylistStore store;

    public GetPlaylist(PlaylistStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Mono<PlaylistDetails> apply(PlaylistRef ref) {
        return store.playlist(ref.deviceId(), ref.playlistId());
    }
}
