package org.openmusicbox.cloud.store;

import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Replica;

/**
 * What the cloud's replica did with one field change, and what it holds for that field now.
 *
 * @param stored the field's value and stamp after the change; null when nothing is stored for it
 * @param seq    the change's place in the device's log when it is {@code APPLIED} or a {@code DUPLICATE} of an
 *               applied one; 0 otherwise
 * @param refused what kind of refusal a {@code REJECTED} change met; null otherwise
 * @param reason  why a change was {@code REJECTED}, a sentence for logs; null otherwise
 */
public record ChangeOutcome(
        FieldChange change, Kind kind, Replica.Versioned stored, long seq, Refused refused, String reason) {

    public ChangeOutcome {
        if ((kind == Kind.REJECTED) != (refused != null)) {
            throw new IllegalArgumentException(
                    "refused is set exactly for a rejected change, was " + refused + " for " + kind);
        }
    }

    /** Why a change was rejected, in kinds the box can act on (the wire's {@code reason}). */
    public enum Refused {
        /** The entity has no such field, or the value does not fit it, or the store cannot hold it. */
        INVALID,
        /** The stamp is too far ahead of the cloud's clock. */
        CLOCK_SKEW,
        /** The field carries this very stamp with another value. */
        STAMP_REUSED
    }

    public enum Kind {
        /** The stamp was above the stored one (or the field was new): value and stamp stored, change logged. */
        APPLIED,
        /**
         * Already held: this change_id was applied before, or the field carries this very stamp and value; nothing
         * written ({@code seq} is the log entry of the change_id, 0 when it came by another path).
         */
        DUPLICATE,
        /** The stored stamp is newer; nothing written, nothing logged. */
        SUPERSEDED,
        /**
         * A field or value that does not fit the entity, a stamp too far ahead of the cloud's clock, or the stored
         * stamp with another value (a replica issued one stamp twice); nothing written.
         */
        REJECTED
    }
}
