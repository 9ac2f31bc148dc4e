package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;

/**
 * The one mapping between a field's JSON value and its value in the sync model ({@link Fields}): both directions,
 * on the wire and in the stores (the box's outbox and stamps, the cloud's jsonb), so nobody writes it by hand.
 * Reading ends in {@link Fields#check}, so a value the model would refuse never leaves this class.
 */
public final class SyncValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper TEXT = new ObjectMapper();

    private SyncValues() {}

    /** A model value as JSON text, as the stores keep it. */
    public static String toJson(Object value) {
        return write(value).toString();
    }

    /**
     * The model's value of {@code field} from JSON text a store kept; text that is not JSON is an
     * {@link IllegalArgumentException} like any other wrong value.
     */
    public static Object fromJson(org.openmusicbox.protocol.v1.sync.Entity entity, String field, String json) {
        JsonNode node;
        try {
            node = TEXT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "value of " + entity.name().toLowerCase(java.util.Locale.ROOT) + "." + field + " is not JSON: "
                            + json,
                    e);
        }
        return read(entity, field, node);
    }

    /** The model's value of a wire value; a wrong shape is an {@link IllegalArgumentException} naming the field. */
    public static Object read(org.openmusicbox.protocol.v1.sync.Entity entity, String field, JsonNode json) {
        String at = "value of " + entity.name().toLowerCase(java.util.Locale.ROOT) + "." + field;
        Object value = json == null || json.isNull() ? null : plain(field, json, at);
        try {
            return Fields.check(entity, field, value);
        } catch (IllegalArgumentException e) {
            // The model names entity.field; the wire reader wants to see which part of the message it was.
            throw new IllegalArgumentException("value: " + e.getMessage(), e);
        }
    }

    /** The wire value of a model value, as {@link Fields#check} returned it. */
    public static JsonNode write(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof String s) {
            return JSON.textNode(s);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Media m) {
            ObjectNode media = JSON.objectNode();
            media.put("sha256", m.sha256());
            media.put("object_key", m.objectKey());
            media.put("format", m.format());
            media.put("file_size", m.fileSize());
            return media;
        }
        if (value instanceof List<?> ids) {
            ArrayNode order = JSON.arrayNode(ids.size());
            for (Object id : ids) {
                order.add((String) id);
            }
            return order;
        }
        throw new IllegalArgumentException(
                "no wire form for a " + value.getClass().getSimpleName());
    }

    /**
     * Plain Java for {@link Fields#check}: what it expects where the shape fits, the JSON node itself where it does
     * not, so the model's message says what was sent.
     */
    private static Object plain(String field, JsonNode json, String at) {
        switch (field) {
            case Fields.DELETED:
                return json.isBoolean() ? json.booleanValue() : json;
            case Fields.DURATION_MS:
                if (json.isIntegralNumber() && json.canConvertToLong()) {
                    return json.longValue();
                }
                throw new IllegalArgumentException(at + " must be a whole number of milliseconds, was " + json);
            case Fields.ORDER:
                if (!json.isArray()) {
                    return json;
                }
                List<Object> ids = new ArrayList<>(json.size());
                for (JsonNode id : json) {
                    ids.add(id.isTextual() ? id.textValue() : id);
                }
                return ids;
            case Fields.MEDIA:
                return json.isObject() ? media(json, at) : json;
            default:
                return json.isTextual() ? json.textValue() : json;
        }
    }

    private static Media media(JsonNode json, String at) {
        JsonNode size = json.get("file_size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new IllegalArgumentException(at + ": file_size must be a whole number of bytes, was " + size);
        }
        try {
            return new Media(text(json, "sha256"), text(json, "object_key"), text(json, "format"), size.longValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode json, String name) {
        JsonNode node = json.get(name);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
