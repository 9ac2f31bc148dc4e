package org.openmusicbox.cloud.store;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** A device id to the device's playlists (not deleted, with their track counts), by title. */
public final class ListPlaylists implements Function<String, Mono<List<PlaylistSummary>>> {

    private final PlaylistStore store;

    public ListPlaylists(PlaylistStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Mono<List<PlaylistSummary>> apply(String deviceId) {
        return store.playlists(deviceId).collectList();
    }
}
