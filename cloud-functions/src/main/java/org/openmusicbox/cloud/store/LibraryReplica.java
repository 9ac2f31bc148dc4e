package org.openmusicbox.cloud.store;

import java.util.List;
import java.util.Map;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.View;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cloud's replica of each box's library (docs/sync.md): every field's winning value with its stamp, and the
 * per-device log of the changes the cloud accepted, which a box reads after its cursor. The rules are those of
 * the reference model, {@link Replica}; this is where the cloud keeps them.
 */
public interface LibraryReplica {

    /**
     * Applies a device's field changes in order, each in a transaction of its own, and emits one outcome per
     * change as soon as its transaction has committed (see {@link ChangeOutcome.Kind}). An applied change is in
     * the log under the device's next seq. When the store itself fails, the failing change leaves nothing
     * behind, the flux ends with the error, and the changes after it are not tried: those before it stay
     * applied and answered, and sending the batch again answers them {@code duplicate}.
     */
    Flux<ChangeOutcome> apply(String deviceId, List<FieldChange> changes);

    /** The device's log after {@code after} (0: from the start), at most {@code limit} entries, by seq. */
    Flux<LogEntry> log(String deviceId, long after, int limit);

    /**
     * An edit made in the cloud (a parent away from home, an upload, a download): stamped with this instance's
     * clock above every stamp stored for the device, stored and appended to the log. A field or value that does
     * not fit the entity is an {@link IllegalArgumentException} (as an error signal) and stores nothing.
     */
    Mono<LogEntry> write(String deviceId, Entity entity, String entityId, String field, Object value);

    /** Every field the device's replica holds, with its value and stamp, in the model's shape. */
    Mono<Map<EntityKey, Map<String, Replica.Versioned>>> state(String deviceId);

    /** What a parent sees of the device's library, by the model's own rules. */
    Mono<View> view(String deviceId);
}
