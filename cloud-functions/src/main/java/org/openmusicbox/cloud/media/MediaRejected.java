package org.openmusicbox.cloud.media;

/**
 * Why an upload or a request is refused: an {@code error_type} for programs and a message for a parent.
 * The handlers turn it into their error answer; it never leaves them as an exception.
 */
public final class MediaRejected extends RuntimeException {

    public static final String UNSUPPORTED_MEDIA = "unsupported_media";
    public static final String TOO_LARGE = "too_large";
    public static final String NOT_FOUND = "not_found";
    public static final String BAD_REQUEST = "bad_request";
    /** The bytes differ from the sha256 the device declared. */
    public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    /** The store or the network failed; sending the same request again later may work. */
    public static final String INTERNAL_ERROR = "internal_error";

    private final String errorType;

    public MediaRejected(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
