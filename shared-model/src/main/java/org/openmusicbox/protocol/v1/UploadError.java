package org.openmusicbox.protocol.v1;

/** {@code upload:error}. */
public record UploadError(String playlistId, String sessionId, String error) {
}
