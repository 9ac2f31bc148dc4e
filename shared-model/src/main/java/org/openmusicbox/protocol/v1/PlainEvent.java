package org.openmusicbox.protocol.v1;

/**
 * An event that is neither numbered state nor kept for replay: an upload's progress, completion or refusal,
 * and the answer to an operation. It matters only to whoever listens right now, so a client that reconnects
 * learns the outcome from the state events instead. It knows its own event name, like a {@link StateEvent},
 * so the box hands its transport typed events only.
 */
public sealed interface PlainEvent permits UploadProgress, UploadComplete, UploadError, OpAck, OpError {

    /** The Socket.IO event name. Not part of the JSON. */
    String event();
}
