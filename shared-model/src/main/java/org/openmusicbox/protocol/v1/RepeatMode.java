package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What the player does at the end of a track: {@code repeat_mode} of {@link PlayerState}. */
public enum RepeatMode {
    NONE("none"),
    ONE("one"),
    ALL("all");

    private final String wire;

    RepeatMode(String wire) {
        this.wire = wire;
    }

    /** The word on the wire, which Jackson writes and reads. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The mode a client's word names, or empty for any other word (including null). */
    public static Optional<RepeatMode> fromWire(String word) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(word)).findFirst();
    }
}
