package org.openmusicbox.protocol.v1.mqtt;

import java.util.regex.Pattern;

/**
 * {@code media/requests}, device to cloud: one question about one content-addressed media file,
 * {@code media/<sha256>.<format>}. The answer is a {@link MediaAnswer} with the same {@code request_id}.
 *
 * <ul>
 *   <li>{@code put}: the box has the file (a LAN upload) and will upload it if the store lacks it. The answer is
 *       {@code present} (nothing to send) or a presigned PUT URL.
 *   <li>{@code stored}: the box finished its PUT. The cloud checks the object's bytes against {@code sha256} and
 *       answers {@code present}, or deletes the object and answers an error.
 *   <li>{@code get}: the box wants the file (a track added in the cloud); the answer is a presigned GET URL.
 * </ul>
 *
 * URLs are never queued in the box's store: a URL in a message that waited expires, so the box asks again when
 * it needs one. {@code file_size} is the box's size of the file for {@code put} and {@code stored}, 0 for
 * {@code get}.
 */
public record MediaRequest(
        String deviceId, String requestId, String action, String sha256, String format, long fileSize) {

    public static final String PUT = "put";
    public static final String STORED = "stored";
    public static final String GET = "get";

    /** A file extension as the media store names files: {@code mp3}, {@code m4a}, ... */
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,8}");

    public MediaRequest {
        Check.deviceId(deviceId, "device_id");
        Check.present(requestId, "request_id");
        if (!PUT.equals(action) && !STORED.equals(action) && !GET.equals(action)) {
            throw new IllegalArgumentException("action must be put, stored or get, was " + Check.quoted(action));
        }
        Check.present(sha256, "sha256");
        Check.sha256(sha256, "sha256");
        if (format == null || !FORMAT.matcher(format).matches()) {
            throw new IllegalArgumentException(
                    "format must be 1-8 characters of [a-z0-9], was " + Check.quoted(format));
        }
        Check.nonNegative(fileSize, "file_size");
        if (!GET.equals(action) && fileSize == 0) {
            throw new IllegalArgumentException("file_size must be at least 1 for " + action);
        }
    }

    /** The file's key in the media store: {@code media/<sha256>.<format>}. */
    public String objectKey() {
        return "media/" + sha256 + "." + format;
    }
}
