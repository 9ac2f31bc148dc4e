package org.openmusicbox.cloud.media;

import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/**
 * Why an upload or a request is refused: an {@code error_type} for programs and a message for a parent.
 * The handlers turn it into their error answer; it never leaves them as an exception.
 */
public final class MediaRejected extends RuntimeException {

    // The error types of UploadResult (docs/mqtt.md); the presign handlers answer with the same ones.
    public static final String UNSUPPORTED_MEDIA = UploadResult.UNSUPPORTED_MEDIA;
    public static final String TOO_LARGE = UploadResult.TOO_LARGE;
    public static final String NOT_FOUND = UploadResult.NOT_FOUND;
    public static final String BAD_REQUEST = UploadResult.BAD_REQUEST;
    public static final String CHECKSUM_MISMATCH = UploadResult.CHECKSUM_MISMATCH;
    /** The store or the network failed; sending the same request again later may work. */
    public static final String INTERNAL_ERROR = UploadResult.INTERNAL_ERROR;

    private final String errorType;

    public MediaRejected(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
