package org.openmusicbox.cloud.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.store.ChangeOutcome;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.protocol.v1.mqtt.Refusal;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code sync/changes}: applies a box's batch to its replica and answers one result per change, in the batch's
 * order, on {@code sync/acks}. A change that failed the wire's checks is answered {@code rejected}/{@code invalid}
 * by its own id and the others go on. The answer is published before the message counts as handled, and a store
 * that fails fails the whole answer: the message is then not acknowledged, comes back, and the changes applied
 * before the failure are answered {@code duplicate} the second time.
 */
public final class ApplySyncChanges {

    private static final Logger log = LoggerFactory.getLogger(ApplySyncChanges.class);
    /** A rejection's message is for logs; an {@code order} quoted whole would be most of a message. */
    static final int MAX_MESSAGE = 500;

    private final LibraryReplica replica;
    private final DeviceLink devices;
    private final SyncBatches batches;

    public ApplySyncChanges(LibraryReplica replica, DeviceLink devices, SyncBatches batches) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.batches = Objects.requireNonNull(batches, "batches");
    }

    /** Applies and answers; completes once every {@code sync/acks} message is with the broker. */
    public Mono<Void> answer(SyncChanges.Each batch) {
        String device = batch.deviceId();
        List<FieldChange> usable = new ArrayList<>();
        List<SyncResult> refused = new ArrayList<>(batch.items().size());
        for (SyncChanges.Item item : batch.items()) {
            SyncResult rejection = null;
            if (item.change() == null) {
                rejection = item.rejection();
            } else {
                try {
                    usable.add(item.change().toFieldChange());
                } catch (IllegalArgumentException e) {
                    rejection = SyncResult.rejected(item.changeId(), Refusal.INVALID, shorter(e.getMessage()));
                }
            }
            refused.add(rejection);
        }
        return replica.apply(device, usable)
                .collectList()
                .map(outcomes -> results(batch, refused, outcomes))
                .flatMapMany(results -> {
                    results.stream()
                            .filter(r -> r.outcome() == SyncOutcome.REJECTED)
                            .forEach(r -> log.info(
                                    "Rejected change {} of {}: {} {}",
                                    r.changeId(),
                                    device,
                                    r.reason().wire(),
                                    r.message()));
                    return Flux.fromIterable(batches.acks(results));
                })
                .concatMap(acks -> devices.publish(device, TopicKind.SYNC_ACKS.suffix(), acks))
                .then();
    }

    /** The results in the batch's order: the wire's refusals where they are, the store's outcomes between them. */
    private static List<SyncResult> results(
            SyncChanges.Each batch, List<SyncResult> refused, List<ChangeOutcome> outcomes) {
        List<SyncResult> results = new ArrayList<>(refused.size());
        Iterator<ChangeOutcome> next = outcomes.iterator();
        for (int i = 0; i < refused.size(); i++) {
            SyncResult result = refused.get(i);
            if (result == null) {
                ChangeOutcome outcome = next.next();
                result = result(batch.items().get(i).changeId(), outcome);
            }
            results.add(result);
        }
        return results;
    }

    static SyncResult result(String changeId, ChangeOutcome outcome) {
        switch (outcome.kind()) {
            case APPLIED:
                return SyncResult.of(changeId, SyncOutcome.APPLIED);
            case DUPLICATE:
                return SyncResult.of(changeId, SyncOutcome.DUPLICATE);
            case SUPERSEDED:
                return SyncResult.of(changeId, SyncOutcome.SUPERSEDED);
            case REJECTED:
                return SyncResult.rejected(changeId, refusal(outcome.refused()), shorter(outcome.reason()));
            default:
                throw new IllegalStateException("no wire outcome for " + outcome.kind());
        }
    }

    private static Refusal refusal(ChangeOutcome.Refused refused) {
        switch (refused) {
            case CLOCK_SKEW:
                return Refusal.CLOCK_SKEW;
            case STAMP_REUSED:
                return Refusal.STAMP_REUSED;
            case INVALID:
            default:
                return Refusal.INVALID;
        }
    }

    private static String shorter(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE) + "...";
    }
}
