package org.openmusicbox.protocol.v1.mqtt;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Field checks shared by the records' compact constructors; each failure names the field. */
final class Check {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Check() {}

    /** A required string: not null and not blank. */
    static String present(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String deviceId(String value, String field) {
        if (!Topics.isDeviceId(value)) {
            throw new IllegalArgumentException(
                    field + " must be 1-64 characters of [A-Za-z0-9_-], was " + quoted(value));
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
        return value;
    }

    /** An optional SHA-256: null, or 64 lower-case hex digits. */
    static String sha256(String value, String field) {
        if (value != null && !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits, was " + quoted(value));
        }
        return value;
    }

    /** A required ISO-8601 instant such as {@code 2026-11-26T00:00:58Z}. */
    static String instant(String value, String field) {
        present(value, field);
        try {
            Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + " must be an ISO-8601 instant such as 2026-11-26T00:00:58Z, was " + quoted(value));
        }
        return value;
    }

    /** A track a device is to fetch and play: its file must be in the media store. */
    static CloudTrack withMedia(CloudTrack track, String field) {
        required(track, field);
        if (!track.hasMedia()) {
            throw new IllegalArgumentException(field + " must carry its media (object_key, sha256, format), was track "
                    + quoted(track.id()) + " without them");
        }
        return track;
    }

    /** A required list without null elements, copied. */
    static <T> List<T> list(List<T> value, String field) {
        required(value, field);
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(value);
    }

    static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
