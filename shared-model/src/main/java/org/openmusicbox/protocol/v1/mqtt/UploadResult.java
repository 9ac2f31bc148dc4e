package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code uploads/results}, cloud to device: the answer to one {@link UploadReady}, matched by
 * {@code request_id}. {@code done} carries the stored track, with its media (the device fetches the file by its
 * {@code object_key}); {@code error} carries {@code error_type} and {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadResult(
        String requestId, String playlistId, Status status, CloudTrack track, String errorType, String message) {

    /** The bytes are not a supported audio format. */
    public static final String UNSUPPORTED_MEDIA = "unsupported_media";
    /** The declared or actual size is above the cloud's limit. */
    public static final String TOO_LARGE = "too_large";
    /** The bytes do not match the declared {@code sha256}. */
    public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    /** There is no object under {@code object_key}. */
    public static final String NOT_FOUND = "not_found";
    /** The request itself is unusable, e.g. an object key outside the device's upload area. */
    public static final String BAD_REQUEST = "bad_request";
    /** The store or the network failed; the same request may work later. */
    public static final String INTERNAL_ERROR = "internal_error";

    public UploadResult {
        Check.present(requestId, "request_id");
        Check.present(playlistId, "playlist_id");
        Check.required(status, "status");
        if (status == Status.DONE) {
            Check.withMedia(track, "track");
        } else {
            Check.present(errorType, "error_type");
        }
    }

    public static UploadResult done(String requestId, CloudTrack track) {
        return new UploadResult(requestId, track.playlistId(), Status.DONE, track, null, null);
    }

    public static UploadResult error(String requestId, String playlistId, String errorType, String message) {
        return new UploadResult(requestId, playlistId, Status.ERROR, null, errorType, message);
    }

    public enum Status {
        DONE,
        ERROR;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Status of(String wire) {
            for (Status s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("status must be done or error, was " + Check.quoted(wire));
        }
    }
}
