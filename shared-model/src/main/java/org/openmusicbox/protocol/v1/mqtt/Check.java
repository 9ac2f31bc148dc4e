package org.openmusicbox.protocol.v1.mqtt;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Field checks shared by the records' compact constructors; each failure names the field. */
final class Check {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Canonical decimal: no sign, no leading zero, no spaces; one spelling per number, so text equality holds. */
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
    /** The largest integer a JavaScript number (a double) holds exactly: 2^53 - 1. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

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

    /** A sequence number or cursor: 0 or more, and exact in a web page's JSON.parse. */
    static long safeCount(long value, String field) {
        nonNegative(value, field);
        if (value > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException(field + " must be at most 2^53 - 1, was " + value);
        }
        return value;
    }

    /**
     * A hybrid-clock stamp written as a decimal string (a 64-bit number does not survive JavaScript's JSON numbers):
     * 0 to 2^63 - 1, without sign or leading zeros.
     */
    static long hlc(String value, String field) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(field
                    + " must be a decimal string without sign or leading zeros, 0 to 9223372036854775807, was "
                    + quoted(value));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be at most 9223372036854775807, was " + quoted(value));
        }
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
