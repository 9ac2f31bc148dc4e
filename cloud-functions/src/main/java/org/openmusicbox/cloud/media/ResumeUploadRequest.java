package org.openmusicbox.cloud.media;

/** Asks {@link ResumeUpload} what is left of a multipart upload of a file of {@code fileSize} bytes. */
public record ResumeUploadRequest(String deviceId, String objectKey, String uploadId, long fileSize) {}
