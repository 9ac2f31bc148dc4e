package org.openmusicbox.cloud.media;

import java.util.List;

/** The parts of a multipart upload as the device PUT them: each part's number and the ETag its PUT answered. */
public record CompleteUploadRequest(String deviceId, String objectKey, String uploadId, List<Part> parts) {

    public record Part(int partNumber, String etag) {}
}
