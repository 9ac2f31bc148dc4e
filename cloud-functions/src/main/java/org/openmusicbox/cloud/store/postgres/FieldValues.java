package org.openmusicbox.cloud.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;

/**
 * A field's value as the jsonb of {@code replica_fields} and {@code replica_log}, and back. The field says the
 * type ({@link Fields}), so a stored value comes back as the very Java value the model holds: a {@code Long}
 * duration, an unmodifiable list for an order, a {@link Media}.
 */
final class FieldValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FieldValues() {}

    /** The JSON text of a value that passed {@link Fields#check}; null is the JSON null. */
    static String encode(Object value) {
        return node(value).toString();
    }

    static Object decode(Entity entity, String field, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + entity + "." + field + " is not JSON: " + json, e);
        }
        return Fields.check(entity, field, value(field, node));
    }

    static String entityName(Entity entity) {
        return entity.name().toLowerCase(Locale.ROOT);
    }

    static Entity entity(String name) {
        return Entity.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Media m) {
            ObjectNode media = NODES.objectNode();
            media.put("sha256", m.sha256());
            media.put("object_key", m.objectKey());
            media.put("format", m.format());
            media.put("file_size", m.fileSize());
            return media;
        }
        if (value instanceof List<?> ids) {
            ArrayNode order = NODES.arrayNode();
            ids.forEach(id -> order.add((String) id));
            return order;
        }
        throw new IllegalArgumentException(
                "no JSON form for a " + value.getClass().getSimpleName());
    }

    private static Object value(String field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        switch (field) {
            case Fields.DELETED:
                return node.isBoolean() ? node.booleanValue() : node;
            case Fields.DURATION_MS:
                return node.isIntegralNumber() ? node.longValue() : node;
            case Fields.ORDER:
                List<String> ids = new ArrayList<>();
                node.forEach(id -> ids.add(id.textValue()));
                return ids;
            case Fields.MEDIA:
                return new Media(
                        node.path("sha256").textValue(),
                        node.path("object_key").textValue(),
                        node.path("format").textValue(),
                        node.path("file_size").longValue());
            default:
                return node.isTextual() ? node.textValue() : node;
        }
    }
}
