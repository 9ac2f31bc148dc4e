package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link LibraryChange} does; {@code upsert} or {@code delete} on the wire. */
public enum Op {
    UPSERT,
    DELETE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The op of its wire name; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static Op of(String wire) {
        for (Op op : values()) {
            if (op.wire().equals(wire)) {
                return op;
            }
        }
        throw new IllegalArgumentException("op must be upsert or delete, was " + Check.quoted(wire));
    }
}
