package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the cloud did with one {@link SyncChange}. Every outcome is final for the box: it removes the outbox entry
 * on any of them.
 */
public enum SyncOutcome {
    /** The stamp was above the field's; the cloud now holds this value and logs it for the device. */
    APPLIED,
    /**
     * Already had: the {@code change_id} was seen before, or the field carries this very stamp and value (a change
     * that came back in the log, or was resent after a lost ack). Nothing changed.
     */
    DUPLICATE,
    /** The field has a newer stamp, so this value lost (last writer wins); nothing changed. */
    SUPERSEDED,
    /** Not applied and never will be as it is: see {@code reason}. Sending it again gives the same answer. */
    REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The outcome of its wire name; anything else is an {@link IllegalArgumentException}. */
    @JsonCreator
    public static SyncOutcome of(String wire) {
        for (SyncOutcome o : values()) {
            if (o.wire().equals(wire)) {
                return o;
            }
        }
        throw new IllegalArgumentException(
                "outcome must be applied, duplicate, superseded or rejected, was " + Check.quoted(wire));
    }
}
