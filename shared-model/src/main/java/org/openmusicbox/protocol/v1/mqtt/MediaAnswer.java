package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code media/urls}, cloud to device: the answer to one {@link MediaRequest}, matched by {@code request_id}.
 *
 * <ul>
 *   <li>{@code present}: the store holds {@code object_key} with the right bytes; nothing to upload.
 *   <li>{@code url}: {@code url} is a presigned PUT (for {@code put}) or GET (for {@code get}) of
 *       {@code object_key}, valid until {@code expires_at}.
 *   <li>{@code error}: {@code error_type} and {@code message} say why; {@code internal_error} may work later,
 *       the others will not as asked.
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaAnswer(
        String requestId,
        String status,
        String objectKey,
        String url,
        String expiresAt,
        String errorType,
        String message) {

    public static final String PRESENT = "present";
    public static final String URL = "url";
    public static final String ERROR = "error";

    /** {@code get}: no object under the key. */
    public static final String NOT_FOUND = "not_found";
    /** {@code stored}: the object's bytes do not hash to the key's sha256; the cloud deleted it. */
    public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    /** {@code put}: the file is larger than the cloud takes. */
    public static final String TOO_LARGE = "too_large";

    public static final String INTERNAL_ERROR = "internal_error";

    public MediaAnswer {
        Check.present(requestId, "request_id");
        Check.present(objectKey, "object_key");
        switch (status == null ? "" : status) {
            case PRESENT -> {}
            case URL -> {
                Check.present(url, "url");
                Check.instant(expiresAt, "expires_at");
            }
            case ERROR -> {
                Check.present(errorType, "error_type");
                Check.required(message, "message");
            }
            default ->
                throw new IllegalArgumentException("status must be present, url or error, was " + Check.quoted(status));
        }
    }

    public static MediaAnswer present(String requestId, String objectKey) {
        return new MediaAnswer(requestId, PRESENT, objectKey, null, null, null, null);
    }

    public static MediaAnswer url(String requestId, String objectKey, String url, String expiresAt) {
        return new MediaAnswer(requestId, URL, objectKey, url, expiresAt, null, null);
    }

    public static MediaAnswer error(String requestId, String objectKey, String errorType, String message) {
        return new MediaAnswer(requestId, ERROR, objectKey, null, null, errorType, message);
    }
}
