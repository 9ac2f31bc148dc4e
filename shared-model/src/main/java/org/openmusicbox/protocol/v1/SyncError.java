package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code sync:error}: the client should fall back to a full refresh. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncError(String error, List<String> requestedRooms) {

    public SyncError {
        requestedRooms = requestedRooms == null ? null : List.copyOf(requestedRooms);
    }
}
