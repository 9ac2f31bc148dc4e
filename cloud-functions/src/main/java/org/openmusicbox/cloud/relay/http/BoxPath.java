package org.openmusicbox.cloud.relay.http;

import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A request path under {@code /boxes/{device_id}}, read from the path as sent (still percent-encoded). Only the one
 * plain spelling is taken: {@code //}, {@code .} and {@code ..} segments, {@code ;}, backslashes, control characters
 * and escapes of characters that need none or that change the path's shape ({@code %2F}, {@code %2E}, ...) are
 * refused, so no second spelling can name another box, skip the credential check or look like a route it is not.
 * The box still checks the path it is given; this keeps the relay's own decisions (which box, which route) on the
 * same text the box will read.
 *
 * @param rest the path after the device id: empty, {@code /}, or {@code /api/...}, still encoded
 */
public record BoxPath(String deviceId, String rest) {

    public static final String PREFIX = "/boxes/";

    /** Why a path is not one of ours. */
    public static final class NotPlain extends RuntimeException {
        NotPlain(String message) {
            super(message, null, false, false);
        }
    }

    public static BoxPath parse(String raw) {
        if (raw == null || !raw.startsWith(PREFIX)) {
            throw new NotPlain("No such path");
        }
        String problem = problem(raw);
        if (problem != null) {
            throw new NotPlain("No such path: it is not written plainly (" + problem + ")");
        }
        String after = raw.substring(PREFIX.length());
        int slash = after.indexOf('/');
        String deviceId = slash < 0 ? after : after.substring(0, slash);
        if (!Topics.isDeviceId(deviceId)) {
            throw new NotPlain("No such box: a device id is 1-64 characters of [A-Za-z0-9_-]");
        }
        return new BoxPath(deviceId, slash < 0 ? "" : after.substring(slash));
    }

    public boolean api() {
        return rest.equals("/api") || rest.startsWith("/api/");
    }

    /** Why {@code raw} is not written plainly, or null when it is. */
    static String problem(String raw) {
        if (raw.indexOf(';') >= 0) {
            return "path parameters (;) are not accepted";
        }
        if (raw.indexOf('\\') >= 0) {
            return "backslashes are not accepted";
        }
        if (raw.contains("//")) {
            return "empty segments (//) are not accepted";
        }
        for (String segment : raw.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments are not accepted";
            }
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x21 || c >= 0x7f) {
                return "control characters, spaces and non-ASCII characters must be percent-encoded";
            }
            if (c != '%') {
                continue;
            }
            int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
            if (value < 0) {
                return "a % must start a two-digit hex escape";
            }
            if (Character.isLetterOrDigit(value) && value < 0x80
                    || value == '-'
                    || value == '.'
                    || value == '_'
                    || value == '~') {
                return "an escape of '" + (char) value + "', which is written as is";
            }
            if (value == '/' || value == '\\' || value == ';' || value == '%' || value < 0x20 || value == 0x7f) {
                return "%" + raw.substring(i + 1, i + 3) + " is not accepted in a path";
            }
            i += 2;
        }
        return null;
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
