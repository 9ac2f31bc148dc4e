package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The cloud's answer to one {@link SyncChange}. {@code reason} is set for {@code rejected} and only then;
 * {@code message} is a sentence for logs, never parsed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncResult(String changeId, SyncOutcome outcome, Refusal reason, String message) {

    public SyncResult {
        Check.present(changeId, "change_id");
        Check.required(outcome, "outcome");
        if (outcome == SyncOutcome.REJECTED) {
            Check.required(reason, "reason");
        } else if (reason != null) {
            throw new IllegalArgumentException("reason must be absent unless the outcome is rejected, was " + reason);
        }
    }

    public static SyncResult of(String changeId, SyncOutcome outcome) {
        return new SyncResult(changeId, outcome, null, null);
    }

    public static SyncResult rejected(String changeId, Refusal reason, String message) {
        return new SyncResult(changeId, SyncOutcome.REJECTED, reason, message);
    }
}
