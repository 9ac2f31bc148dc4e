package org.openmusicbox.protocol.v1.sync;

import java.util.regex.Pattern;

/**
 * Where a track's file is in the media store. One field with one stamp: a hash from one upload next to the
 * object key of another would name a file that does not exist.
 */
public record Media(String sha256, String objectKey, String format, long fileSize) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Media {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("media sha256 must be 64 lower-case hex digits, was " + sha256);
        }
        if (objectKey == null || objectKey.isBlank()) {
            throw new IllegalArgumentException("media object_key must not be blank");
        }
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("media format must not be blank");
        }
        if (fileSize < 0) {
            throw new IllegalArgumentException("media file_size must not be negative, was " + fileSize);
        }
    }
}
