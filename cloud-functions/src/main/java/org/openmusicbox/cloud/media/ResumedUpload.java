package org.openmusicbox.cloud.media;

import java.util.List;

/**
 * What is left of a multipart upload: the parts the store holds ({@code stored}, with the ETags to complete it
 * with) and fresh URLs for the others ({@code parts}, empty when all are there), each {@code partSize} bytes but
 * the last. A refusal has only {@code errorType} and {@code message}.
 */
public record ResumedUpload(
        String objectKey,
        String uploadId,
        Long partSize,
        List<MediaStore.StoredPart> stored,
        List<UploadUrls.Part> parts,
        String expiresAt,
        String errorType,
        String message) {

    static ResumedUpload refused(MediaRejected e) {
        return new ResumedUpload(null, null, null, null, null, null, e.errorType(), e.getMessage());
    }
}
