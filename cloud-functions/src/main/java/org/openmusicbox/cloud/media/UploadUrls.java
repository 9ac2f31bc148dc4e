package org.openmusicbox.cloud.media;

import java.util.List;

/**
 * Where to put an upload. A small file gets one {@code url} to PUT the whole file to; a large one gets an
 * {@code uploadId} and {@code parts}, each {@code partSize} bytes (the last one the rest), to PUT in any
 * order, after which {@link CompleteUpload} joins them. Every PUT sends {@code Content-Type: contentType}
 * (single URL only; parts send none). Then the device sends {@code UploadReady} with {@code objectKey}.
 * A refusal has only {@code errorType} and {@code message}.
 */
public record UploadUrls(
        String objectKey,
        String contentType,
        String url,
        String uploadId,
        Long partSize,
        List<Part> parts,
        String expiresAt,
        String errorType,
        String message) {

    public record Part(int partNumber, String url) {}

    static UploadUrls refused(MediaRejected e) {
        return new UploadUrls(null, null, null, null, null, null, null, e.errorType(), e.getMessage());
    }
}
