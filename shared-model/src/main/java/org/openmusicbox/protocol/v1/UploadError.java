package org.openmusicbox.protocol.v1;

/** {@code upload:error}. */
public record UploadError(String playlistId, String sessionId, String error) implements PlainEvent {

    @Override
    public String event() {
        return Events.UPLOAD_ERROR;
    }
}
