package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code uploads/ready}, device to cloud: a file is in the media store under {@code object_key} (put there
 * through a presigned URL) and should become track {@code track_id} of {@code playlist_id}. {@code sha256} is
 * what the device computed, if it did; the cloud checks it against the bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadReady(
        String requestId,
        String deviceId,
        String playlistId,
        String trackId,
        String objectKey,
        String filename,
        long declaredSize,
        String sha256) {

    public UploadReady {
        Check.present(requestId, "request_id");
        Check.deviceId(deviceId, "device_id");
        Check.present(playlistId, "playlist_id");
        Check.present(trackId, "track_id");
        Check.present(objectKey, "object_key");
        Check.present(filename, "filename");
        Check.nonNegative(declaredSize, "declared_size");
        Check.sha256(sha256, "sha256");
    }
}
