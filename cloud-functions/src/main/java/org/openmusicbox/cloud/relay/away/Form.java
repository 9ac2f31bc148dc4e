package org.openmusicbox.cloud.relay.away;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpStatus;

/**
 * A request body as the box reads it (a JSON object, field by field): each getter refuses a wrong type or size
 * with a {@code validation_error} naming the field, before anything is changed.
 */
final class Form {

    static final int MAX_ID = 100;
    private static final Pattern CLIENT_OP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final JsonNode node;

    Form(JsonNode node) {
        if (node != null && !node.isObject() && !node.isNull() && !node.isMissingNode()) {
            throw new Refusal(HttpStatus.BAD_REQUEST, ApiError.BAD_REQUEST, "The body must be a JSON object");
        }
        this.node = node;
    }

    boolean has(String field) {
        return node != null && node.has(field) && !node.get(field).isNull();
    }

    /** A string, or null when absent. */
    String text(String field, int maxChars) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw invalid(field, field + " must be a string");
        }
        if (value.asText().length() > maxChars) {
            throw invalid(field, field + " is too long (max " + maxChars + " chars)");
        }
        return value.asText();
    }

    String requiredText(String field, int maxChars) {
        String value = text(field, maxChars);
        if (value == null || value.isBlank()) {
            throw invalid(field, field + " is required");
        }
        return value;
    }

    String requiredId(String field) {
        String id = requiredText(field, MAX_ID);
        if (!id.equals(id.strip()) || id.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, field + " is not a valid id");
        }
        return id;
    }

    long requiredLong(String field, long min, long max) {
        JsonNode value = has(field) ? node.get(field) : null;
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw invalid(field, field + " must be a whole number");
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw invalid(field, field + " must be between " + min + " and " + max);
        }
        return n;
    }

    List<String> requiredStrings(String field, int maxCount, int maxChars) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : requiredArray(field, maxCount)) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxChars) {
                throw invalid(field, field + " must hold ids");
            }
            out.add(item.asText());
        }
        return out;
    }

    List<Integer> requiredInts(String field, int maxCount, int min) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : requiredArray(field, maxCount)) {
            if (!item.isInt() || item.asInt() < min) {
                throw invalid(field, field + " must hold whole numbers from " + min);
            }
            out.add(item.asInt());
        }
        return out;
    }

    /** The array's items; a missing or oversized one is refused. */
    List<JsonNode> requiredArray(String field, int maxCount) {
        JsonNode value = has(field) ? node.get(field) : null;
        if (value == null || !value.isArray()) {
            throw invalid(field, field + " must be a list");
        }
        if (value.size() > maxCount) {
            throw invalid(field, field + " holds too many items (max " + maxCount + ")");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    JsonNode get(String field) {
        return has(field) ? node.get(field) : null;
    }

    /** The optional {@code client_op_id}, echoed in the answer as the box does. */
    String clientOpId() {
        String id = text("client_op_id", 100);
        if (id != null && !CLIENT_OP_ID.matcher(id).matches()) {
            throw invalid("client_op_id", "client_op_id may hold only letters, digits and _ - . : (max 100)");
        }
        return id;
    }

    static Refusal invalid(String field, String message) {
        return new Invalid(field, message);
    }

    /** A validation error naming its field, as the box's {@code errors} list does. */
    static final class Invalid extends Refusal {

        private final String field;

        Invalid(String field, String message) {
            super(HttpStatus.BAD_REQUEST, ApiError.VALIDATION_ERROR, message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
