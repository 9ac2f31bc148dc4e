package org.openmusicbox.cloud.media;

import java.util.Locale;
import java.util.regex.Pattern;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** Checks of what devices send about files: ids, names, keys. */
final class UploadNames {

    private static final int MAX_FILENAME_CHARS = 255;
    private static final Pattern CONTENT_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*");
    private static final Pattern MEDIA_KEY = Pattern.compile("media/[0-9a-f]{64}\\.(mp3|wav|flac|ogg|m4a)");
    private static final Pattern INCOMING_NAME = Pattern.compile("[0-9a-f-]{36}");

    private UploadNames() {}

    static void checkDevice(String deviceId) {
        if (!Topics.isDeviceId(deviceId)) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "Unknown box.");
        }
    }

    /** A plain file name: no directories, no {@code ..}, no control characters, not hidden. */
    static void checkFilename(String filename) {
        if (filename == null
                || filename.isBlank()
                || filename.length() > MAX_FILENAME_CHARS
                || filename.contains("/")
                || filename.contains("\\")
                || filename.contains("..")
                || filename.startsWith(".")
                || filename.chars().anyMatch(Character::isISOControl)
                || !filename.equals(filename.strip())) {
            throw new MediaRejected(
                    MediaRejected.BAD_REQUEST,
                    "The file name is not allowed. Please rename the file (no folders, no special characters).");
        }
    }

    static String contentTypeOrDefault(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/octet-stream";
        }
        String lower = contentType.strip().toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPE.matcher(lower).matches()) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "The file type is not valid.");
        }
        return lower;
    }

    /** A key {@link PresignUpload} handed to this device: {@code incoming/<device_id>/<uuid>}. */
    static void checkIncomingKey(String deviceId, String objectKey) {
        String prefix = ProcessUpload.incomingPrefix(deviceId);
        if (objectKey == null
                || !objectKey.startsWith(prefix)
                || !INCOMING_NAME.matcher(objectKey.substring(prefix.length())).matches()) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "This upload does not belong to this box.");
        }
    }

    static void checkMediaKey(String objectKey) {
        if (objectKey == null || !MEDIA_KEY.matcher(objectKey).matches()) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "This is not a song of the library.");
        }
    }
}
