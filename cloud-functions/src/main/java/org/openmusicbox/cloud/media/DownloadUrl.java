package org.openmusicbox.cloud.media;

/** A short-lived GET URL for {@code objectKey}, or a refusal with {@code errorType} and {@code message}. */
public record DownloadUrl(String objectKey, String url, Long size, String expiresAt, String errorType, String message) {

    static DownloadUrl refused(MediaRejected e) {
        return new DownloadUrl(null, null, null, null, e.errorType(), e.getMessage());
    }
}
