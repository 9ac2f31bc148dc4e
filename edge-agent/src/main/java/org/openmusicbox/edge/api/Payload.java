package org.openmusicbox.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.ClientText;

/**
 * A client's JSON payload, read strictly: a field of the wrong type is an error, never coerced
 * ({@code "5"} is not the number 5). Problems are collected so that one answer names every bad field.
 * HTTP bodies and Socket.IO payloads go through the same checks, and every string is held to
 * {@link ClientText}'s rule.
 */
public final class Payload {

    /** Longest id (playlist, track, session) a client may send; real ids are 36-character UUIDs. */
    public static final int MAX_ID = 100;

    private static final Pattern CLIENT_OP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final JsonNode node;
    private final List<BoxError.FieldProblem> problems = new ArrayList<>();

    private Payload(JsonNode node) {
        this.node = node;
    }

    /** A payload that must be a JSON object; a missing payload counts as {@code {}}. */
    public static Payload of(JsonNode node) {
        Payload payload =
                new Payload(node == null || node.isMissingNode() || node.isNull() ? NullNode.getInstance() : node);
        if (!payload.node.isNull() && !payload.node.isObject()) {
            payload.problems.add(new BoxError.FieldProblem(null, "The payload must be a JSON object"));
        }
        return payload;
    }

    public boolean isObject() {
        return node.isObject() || node.isNull();
    }

    public String optionalString(String field, int maxLength) {
        return text(field, maxLength, false);
    }

    /**
     * As {@link #optionalString}, for text written as a paragraph (a description): line breaks and
     * tabs are allowed, the rest of {@link ClientText}'s rule holds.
     */
    public String optionalParagraph(String field, int maxLength) {
        return text(field, maxLength, true);
    }

    private String text(String field, int maxLength, boolean paragraph) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, field + " must be a string");
            return null;
        }
        if (value.textValue().length() > maxLength) {
            problem(field, field + " is too long (max " + maxLength + " chars)");
            return null;
        }
        String bad = ClientText.problem(field, value.textValue(), paragraph);
        if (bad != null) {
            problem(field, bad);
            return null;
        }
        return value.textValue();
    }

    public String requiredString(String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(field, field + " is required");
            return null;
        }
        String text = optionalString(field, maxLength);
        if (text != null && text.isBlank()) {
            problem(field, field + " must not be empty");
            return null;
        }
        return text;
    }

    public String requiredId(String field) {
        return requiredString(field, MAX_ID);
    }

    public Long optionalLong(String field, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problem(field, field + " must be a whole number");
            return null;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            problem(field, field + " must be between " + min + " and " + max);
            return null;
        }
        return number;
    }

    public Integer requiredInt(String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(field, field + " is required");
            return null;
        }
        Long number = optionalLong(field, min, max);
        return number == null ? null : number.intValue();
    }

    public Integer optionalInt(String field, int min, int max) {
        Long number = optionalLong(field, min, max);
        return number == null ? null : number.intValue();
    }

    public Boolean optionalBoolean(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            problem(field, field + " must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    public Boolean requiredBoolean(String field) {
        if (!has(field)) {
            problem(field, field + " is required");
            return null;
        }
        return optionalBoolean(field);
    }

    /** A whole number from a URL path; a bad one is a problem recorded on {@code payload}. */
    public static Integer pathInt(String text, String what, Payload payload) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        payload.problem(null, what + " must be a whole number from 1");
        return null;
    }

    /** A required, non-empty array of strings of at most {@code maxLength} chars, at most {@code maxItems} long. */
    public List<String> requiredStrings(String field, int maxItems, int maxLength) {
        List<String> out = optionalStrings(field, maxItems, maxLength);
        if (out == null && !has(field)) {
            problem(field, field + " is required");
        }
        return out;
    }

    public List<String> optionalStrings(String field, int maxItems, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > maxItems) {
            problem(field, field + " must be an array of at most " + maxItems + " strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().length() > maxLength) {
                problem(field, field + " must hold only strings of at most " + maxLength + " chars");
                return null;
            }
            String bad = ClientText.problem(field, item.textValue(), false);
            if (bad != null) {
                problem(field, bad);
                return null;
            }
            out.add(item.textValue());
        }
        return out;
    }

    public List<Integer> requiredInts(String field, int maxItems, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problem(field, field + " is required");
            return null;
        }
        if (!value.isArray() || value.size() > maxItems) {
            problem(field, field + " must be an array of at most " + maxItems + " whole numbers");
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < min || item.intValue() > max) {
                problem(field, field + " must hold only whole numbers between " + min + " and " + max);
                return null;
            }
            out.add(item.intValue());
        }
        return out;
    }

    /** An object of string keys to whole numbers, such as {@code last_playlist_seqs}. */
    public Map<String, Long> optionalLongMap(String field, int maxEntries) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject() || value.size() > maxEntries) {
            problem(field, field + " must be an object of at most " + maxEntries + " entries");
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        var fields = value.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            JsonNode v = entry.getValue();
            if (entry.getKey().length() > MAX_ID
                    || ClientText.problem(field, entry.getKey(), false) != null
                    || !v.isIntegralNumber()
                    || !v.canConvertToLong()
                    || v.longValue() < 0) {
                problem(field, field + " must map ids to whole numbers of at least 0");
                return null;
            }
            out.put(entry.getKey(), v.longValue());
        }
        return out;
    }

    /**
     * The optional {@code client_op_id}: letters, digits and {@code _ - . :}, at most 100 chars.
     * A malformed one is a problem of its own; {@link #rawClientOpId()} still echoes it in errors.
     */
    public String clientOpId() {
        String id = optionalString("client_op_id", 100);
        if (id != null && !CLIENT_OP_ID.matcher(id).matches()) {
            problem("client_op_id", "client_op_id may hold only letters, digits and _ - . : (max 100)");
            return null;
        }
        return id;
    }

    /** The client_op_id as sent, if it is a reasonably short string, for echoing in an error. */
    public String rawClientOpId() {
        JsonNode value = node.isObject() ? node.get("client_op_id") : null;
        return value != null && value.isTextual() && value.textValue().length() <= 100 ? value.textValue() : null;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public JsonNode node() {
        return node;
    }

    /** Throws a validation error naming every problem found so far. */
    public void check() {
        if (!problems.isEmpty()) {
            throw BoxError.invalid(List.copyOf(problems));
        }
    }

    private void problem(String field, String message) {
        problems.add(new BoxError.FieldProblem(field, message));
    }
}
