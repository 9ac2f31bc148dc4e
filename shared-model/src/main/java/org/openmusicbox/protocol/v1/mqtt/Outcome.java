package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the cloud store did with one {@link LibraryChange}. */
public enum Outcome {
    /** The change was newer than the stored entity and is now stored. */
    APPLIED,
    /** The {@code change_id} was seen before; nothing changed, the answer is the one given the first time. */
    DUPLICATE,
    /** The stored entity (or its tombstone) has this version or a higher one; nothing changed. */
    STALE,
    /** The change cannot be applied (see {@code reason}); the device should not resend it as it is. */
    REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The outcome of its wire name; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static Outcome of(String wire) {
        for (Outcome o : values()) {
            if (o.wire().equals(wire)) {
                return o;
            }
        }
        throw new IllegalArgumentException(
                "outcome must be applied, duplicate, stale or rejected, was " + Check.quoted(wire));
    }
}
