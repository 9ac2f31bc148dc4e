package org.openmusicbox.cloud.relay.away;

/**
 * The box's rules for a playlist's title and description (edge-agent {@code box/Playlists}, {@code ClientText}),
 * so that an edit the cloud accepts while the box is away is one the box would have accepted.
 */
final class PlaylistText {

    static final int MAX_TITLE = 255;
    static final int MAX_DESCRIPTION = 1000;

    private PlaylistText() {}

    /** Stripped; empty, too long or with control characters is refused. */
    static String title(String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty()) {
            throw Form.invalid("title", "Title must not be empty");
        }
        if (trimmed.length() > MAX_TITLE) {
            throw Form.invalid("title", "Title too long (max " + MAX_TITLE + " chars)");
        }
        check("title", trimmed, false);
        return trimmed;
    }

    /** Kept as typed (lines included); null stays null. */
    static String description(String description) {
        if (description == null) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw Form.invalid("description", "Description too long (max " + MAX_DESCRIPTION + " chars)");
        }
        check("description", description, true);
        return description;
    }

    private static void check(String field, String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw Form.invalid(field, field + " must be valid text");
            }
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                throw Form.invalid(field, field + " must not contain control characters");
            }
        }
    }
}
