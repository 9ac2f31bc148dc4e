package org.openmusicbox.cloud.sync;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import reactor.core.publisher.Mono;

/**
 * {@code sync/pull}: one page of the box's change log after its cursor, at most the pull's {@code limit} entries
 * and within the byte budget, with {@code more} when the log holds entries after the page. Reads only, so a pull
 * that comes twice gets the same page.
 */
public final class ReadSyncLog implements Function<SyncPull, Mono<SyncLog>> {

    private final LibraryReplica replica;
    private final SyncBatches batches;

    public ReadSyncLog(LibraryReplica replica, SyncBatches batches) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.batches = Objects.requireNonNull(batches, "batches");
    }

    @Override
    public Mono<SyncLog> apply(SyncPull pull) {
        return replica.log(pull.deviceId(), pull.after(), pull.limit())
                .map(entry -> new SyncLog.Entry(entry.seq(), SyncChange.of(entry.change())))
                .collectList()
                .flatMap(entries -> moreAfter(pull, entries)
                        .map(more -> batches.page(pull.requestId(), pull.after(), entries, more)));
    }

    /** A full read may have ended exactly at the log's end: one more row tells, so no empty page says "more". */
    private Mono<Boolean> moreAfter(SyncPull pull, List<SyncLog.Entry> entries) {
        if (entries.size() < pull.limit()) {
            return Mono.just(false);
        }
        long last = entries.get(entries.size() - 1).seq();
        return replica.log(pull.deviceId(), last, 1).hasElements();
    }
}
