package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code upload:progress}; {@code progress} is a percentage from 0 to 100. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadProgress(
        String playlistId, String sessionId, int chunkIndex, double progress, boolean complete, String fileName)
        implements PlainEvent {

    @Override
    public String event() {
        return Events.UPLOAD_PROGRESS;
    }
}
