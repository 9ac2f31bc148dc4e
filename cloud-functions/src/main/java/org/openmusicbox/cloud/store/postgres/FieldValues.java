package org.openmusicbox.cloud.store.postgres;

import java.util.Locale;
import org.openmusicbox.protocol.v1.mqtt.SyncValues;
import org.openmusicbox.protocol.v1.sync.Entity;

/**
 * A field's value as the jsonb of {@code replica_fields} and {@code replica_log}, and back: the same mapping as the
 * wire's ({@link SyncValues}), so a stored value comes back as the very Java value the model holds (a {@code Long}
 * duration, an unmodifiable list for an order, a {@code Media}).
 */
final class FieldValues {

    private FieldValues() {}

    /** The JSON text of a value that passed the model's check; null is the JSON null. */
    static String encode(Object value) {
        return SyncValues.toJson(value);
    }

    static Object decode(Entity entity, String field, String json) {
        try {
            return SyncValues.fromJson(entity, field, json);
        } catch (IllegalArgumentException e) {
            // The store wrote it through encode: a stored value that does not read back is the store's fault.
            throw new IllegalStateException("stored " + entity + "." + field + " does not read back: " + json, e);
        }
    }

    static String entityName(Entity entity) {
        return entity.name().toLowerCase(Locale.ROOT);
    }

    static Entity entity(String name) {
        return Entity.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
