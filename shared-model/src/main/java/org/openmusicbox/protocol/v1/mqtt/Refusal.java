package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why the cloud refused a {@link SyncChange} ({@code reason} of a {@code rejected} result). */
public enum Refusal {
    /** The entity has no such field, or the value does not fit it (the sync model's {@code Fields}). */
    INVALID,
    /** The stamp's time is further ahead of the cloud's clock than {@code omb.sync.max-clock-skew} allows. */
    CLOCK_SKEW,
    /** The field already carries this stamp with another value: a replica issued one stamp twice. */
    STAMP_REUSED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The refusal of its wire name; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static Refusal of(String wire) {
        for (Refusal r : values()) {
            if (r.wire().equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "reason must be invalid, clock_skew or stamp_reused, was " + Check.quoted(wire));
    }
}
