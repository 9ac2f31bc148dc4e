package org.openmusicbox.cloud.media;

/** The joined object ({@code objectKey}, {@code size}), or a refusal with {@code errorType} and {@code message}. */
public record CompletedUpload(String objectKey, Long size, String errorType, String message) {

    static CompletedUpload refused(MediaRejected e) {
        return new CompletedUpload(null, null, e.errorType(), e.getMessage());
    }
}
