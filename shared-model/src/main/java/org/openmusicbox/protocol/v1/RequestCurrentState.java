package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Payload of {@code client:request_current_state}; the frontend often sends {@code {}} or nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestCurrentState(Double timestamp, String clientId, List<String> requestedStates) {

    public RequestCurrentState {
        requestedStates = requestedStates == null ? null : List.copyOf(requestedStates);
    }
}
