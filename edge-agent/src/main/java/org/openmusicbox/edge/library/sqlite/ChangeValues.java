package org.openmusicbox.edge.library.sqlite;

import org.openmusicbox.protocol.v1.mqtt.SyncValues;
import org.openmusicbox.protocol.v1.sync.Entity;

/**
 * A field's value as the outbox and {@code field_stamps} keep it, JSON text, and back: the same mapping as the
 * wire's ({@link SyncValues}), so a value read back is the very value the model holds ({@code duration_ms} a
 * {@code Long}, {@code media} a {@code Media}) and a replica comparing values sees no change where there is none.
 */
final class ChangeValues {

    private ChangeValues() {}

    static String encode(Object value) {
        return SyncValues.toJson(value);
    }

    /** The value of {@code field} read from its JSON text and checked by the model. */
    static Object decode(Entity entity, String field, String json) {
        return SyncValues.fromJson(entity, field, json);
    }
}
