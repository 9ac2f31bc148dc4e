package org.openmusicbox.protocol.v1;

/** {@code err:op}: the operation tagged with {@code client_op_id} failed; {@code error_type} uses the HTTP error types. */
public record OpError(String clientOpId, boolean success, String message, String errorType, long serverSeq)
        implements PlainEvent {

    public static OpError of(String clientOpId, String message, String errorType, long serverSeq) {
        return new OpError(clientOpId, false, message, errorType, serverSeq);
    }

    @Override
    public String event() {
        return Events.ERR_OP;
    }
}
