package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the cloud did with one change. {@code stored_version} is the entity's version in the cloud after this
 * change (for {@code stale}, the newer version that won; 0 when the cloud has nothing for the entity).
 * {@code reason} is a sentence for logs; required for {@code rejected}, optional for the other outcomes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeResult(
        String changeId, Outcome outcome, Entity entity, String entityId, long storedVersion, String reason) {

    public ChangeResult {
        Check.present(changeId, "change_id");
        Check.required(outcome, "outcome");
        Check.required(entity, "entity");
        Check.present(entityId, "entity_id");
        Check.nonNegative(storedVersion, "stored_version");
        if (outcome == Outcome.REJECTED) {
            Check.present(reason, "reason");
        }
    }

    public static ChangeResult of(LibraryChange change, Outcome outcome, long storedVersion, String reason) {
        return new ChangeResult(change.changeId(), outcome, change.entity(), change.entityId(), storedVersion, reason);
    }
}
