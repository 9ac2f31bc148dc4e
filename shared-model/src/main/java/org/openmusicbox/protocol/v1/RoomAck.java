package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code ack:join} and {@code ack:leave}; the sequence fields let a client tell whether its snapshot is current. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomAck(
        String room, boolean success, Long serverSeq, String playlistId, Long playlistSeq, String message) {}
