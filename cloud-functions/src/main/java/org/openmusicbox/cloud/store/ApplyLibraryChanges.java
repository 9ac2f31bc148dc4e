package org.openmusicbox.cloud.store;

import java.util.Objects;
import java.util.function.Function;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code library/changes}: applies a device's batch in order, each change in its own transaction, and
 * answers one result per change in the same order. A change the store rejects does not stop the ones after
 * it. The answer fails only when the store is unavailable; the changes already applied then come back as
 * {@code duplicate} when the batch is sent again.
 */
public final class ApplyLibraryChanges implements Function<LibraryChanges, Mono<ChangeAcks>> {

    private final PlaylistStore store;

    public ApplyLibraryChanges(PlaylistStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Mono<ChangeAcks> apply(LibraryChanges batch) {
        return Flux.fromIterable(batch.changes())
                .concatMap(change -> store.apply(batch.deviceId(), change))
                .collectList()
                .map(results -> new ChangeAcks(batch.deviceId(), results));
    }
}
