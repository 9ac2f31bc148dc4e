package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Payload of {@code sync:request}, sent after a reconnect; every field is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRequest(
        Long lastGlobalSeq, Map<String, Long> lastPlaylistSeqs, List<String> requestedRooms, String playlistId) {

    public SyncRequest {
        lastPlaylistSeqs = lastPlaylistSeqs == null ? null : Map.copyOf(lastPlaylistSeqs);
        requestedRooms = requestedRooms == null ? null : List.copyOf(requestedRooms);
    }
}
