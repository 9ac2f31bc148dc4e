package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The wrapper of every {@code state:*} event. The frontend dispatches on {@code event_type}, not on the
 * Socket.IO event name, so the two must be equal. {@code playlist_id} and {@code playlist_seq} are present
 * only for playlist-scoped events; {@code timestamp} is epoch milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateEnvelope<T>(
        String eventType,
        long serverSeq,
        String playlistId,
        Long playlistSeq,
        // The contract requires the key even when there is no payload.
        @JsonInclude(JsonInclude.Include.ALWAYS) T data,
        long timestamp,
        String eventId) {}
