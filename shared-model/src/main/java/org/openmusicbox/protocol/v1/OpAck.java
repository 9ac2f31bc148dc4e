package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code ack:op}: confirms the operation the client tagged with {@code client_op_id}. */
public record OpAck(
        String clientOpId,
        boolean success,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object data,
        long serverSeq) implements PlainEvent {

    public static OpAck of(String clientOpId, Object data, long serverSeq) {
        return new OpAck(clientOpId, true, data, serverSeq);
    }

    @Override
    public String event() {
        return Events.ACK_OP;
    }
}
