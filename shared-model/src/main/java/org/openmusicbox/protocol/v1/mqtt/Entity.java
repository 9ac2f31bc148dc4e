package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link LibraryChange} is about; {@code playlist}, {@code track} or {@code tag} on the wire. */
public enum Entity {
    PLAYLIST,
    TRACK,
    TAG;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The entity of its wire name; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static Entity of(String wire) {
        for (Entity e : values()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("entity must be playlist, track or tag, was " + Check.quoted(wire));
    }
}
