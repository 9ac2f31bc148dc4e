package org.openmusicbox.cloud.media;

/** Asks {@link PresignUpload} where to put a file of {@code fileSize} bytes; {@code contentType} may be null. */
public record UploadUrlRequest(String deviceId, String filename, long fileSize, String contentType) {}
