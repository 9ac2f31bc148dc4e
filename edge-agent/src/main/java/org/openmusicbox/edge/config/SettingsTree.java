package org.openmusicbox.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The merged settings (defaults, file, environment, properties) as one tree under {@code omb}, read one key at
 * a time. Read by hand rather than by Jackson's data binding: binding the records builds a bean deserializer
 * for each of them, some 380 classes that every start loaded and kept for one call (docs/memory.md). A value
 * is read as Jackson read it before: numbers and booleans from their text, surrounding spaces ignored, empty
 * or null as 0 or false.
 */
final class SettingsTree {

    private final JsonNode omb;

    /** @param omb the tree under {@code omb}; every key it holds must be one of {@code known} */
    SettingsTree(JsonNode omb, Set<String> known) {
        this.omb = omb;
        rejectUnknown(omb, "omb", known);
    }

    /** The text of {@code key} as given, or null when it was set to null. */
    String text(String key) {
        JsonNode node = node(key);
        return node == null || node.isNull() ? null : node.asText();
    }

    int integer(String key) {
        String text = number(key);
        try {
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number up to 2147483647");
        }
    }

    long whole(String key) {
        String text = number(key);
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number");
        }
    }

    boolean flag(String key) {
        String text = number(key);
        if (text.isEmpty() || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw invalid(key, "true or false");
    }

    /** An empty path counts as none, so that the record's own check names the setting. */
    Path path(String key) {
        String text = text(key);
        return text == null || text.isEmpty() ? null : Path.of(text);
    }

    private String number(String key) {
        String text = text(key);
        return text == null ? "" : text.strip();
    }

    private EdgeConfig.InvalidConfigException invalid(String key, String what) {
        return new EdgeConfig.InvalidConfigException(
                "Invalid configuration: " + key + " must be " + what + ", not '" + text(key) + "'");
    }

    private JsonNode node(String key) {
        JsonNode node = omb;
        String[] parts = key.split("\\.");
        for (int i = 1; i < parts.length && node != null; i++) {
            node = node.get(parts[i]);
        }
        return node;
    }

    /** Every leaf must be a known key and every object a prefix of one: a typo stops the start. */
    private static void rejectUnknown(JsonNode node, String path, Set<String> known) {
        if (known.contains(path)) {
            if (node.isContainerNode()) {
                throw new EdgeConfig.InvalidConfigException(
                        "Invalid configuration: " + path + " takes one value, not a list or a map");
            }
            return;
        }
        if (!(node instanceof ObjectNode object) || known.stream().noneMatch(k -> k.startsWith(path + "."))) {
            throw new EdgeConfig.InvalidConfigException("Invalid configuration: " + path + " is not a setting");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            rejectUnknown(entry.getValue(), path + "." + entry.getKey(), known);
        }
    }
}
