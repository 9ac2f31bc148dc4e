package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Tree comparison for fixtures, with a readable path to the first difference. */
final class JsonTrees {

    /**
     * Leaf equality where numbers compare by value: JSON (and the JavaScript client) does not tell 42 from
     * 42.0, and Jackson reads them into different node classes.
     */
    static final Comparator<JsonNode> LEAVES = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return 1;
    };

    private JsonTrees() {}

    static boolean sameTree(JsonNode expected, JsonNode actual) {
        return expected.equals(LEAVES, actual);
    }

    /** A description of the first difference, or empty if the trees are equal. */
    static Optional<String> firstDifference(JsonNode expected, JsonNode actual) {
        return diff("$", expected, actual);
    }

    private static Optional<String> diff(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!actual.has(name)) {
                    return Optional.of(path + "." + name + ": missing, expected " + expected.get(name));
                }
                Optional<String> inner = diff(path + "." + name, expected.get(name), actual.get(name));
                if (inner.isPresent()) {
                    return inner;
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) {
                    return Optional.of(path + "." + name + ": unexpected field with value " + actual.get(name));
                }
            }
            return Optional.empty();
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return Optional.of(path + ": expected " + expected.size() + " elements but was " + actual.size());
            }
            for (int i = 0; i < expected.size(); i++) {
                Optional<String> inner = diff(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (inner.isPresent()) {
                    return inner;
                }
            }
            return Optional.empty();
        }
        if (LEAVES.compare(expected, actual) != 0) {
            return Optional.of(path + ": expected " + expected + " but was " + actual);
        }
        return Optional.empty();
    }
}
