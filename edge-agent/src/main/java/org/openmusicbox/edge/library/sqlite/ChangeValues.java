package org.openmusicbox.edge.library.sqlite;

import java.util.List;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;

/**
 * A field's value as the outbox keeps it, JSON text, and back. Reading needs the field: JSON has one number type,
 * and {@code duration_ms} must come back a {@code Long} and {@code media} a {@link Media}, or a replica comparing
 * values would see a change where there is none.
 */
final class ChangeValues {

    private static final JsonCodec CODEC = new JsonCodec();

    private ChangeValues() {}

    static String encode(Object value) {
        return CODEC.toJson(value);
    }

    /** The value of {@code field} read from its JSON text and checked by {@link Fields#check}. */
    static Object decode(Entity entity, String field, String json) {
        Object value;
        switch (field) {
            case Fields.DELETED:
                value = CODEC.read(json, Boolean.class);
                break;
            case Fields.ORDER:
                value = CODEC.<List<String>>read(json, List.class, String.class);
                break;
            case Fields.DURATION_MS:
                value = CODEC.read(json, Long.class);
                break;
            case Fields.MEDIA:
                value = CODEC.read(json, Media.class);
                break;
            default:
                value = CODEC.read(json, String.class);
                break;
        }
        return Fields.check(entity, field, value);
    }
}
