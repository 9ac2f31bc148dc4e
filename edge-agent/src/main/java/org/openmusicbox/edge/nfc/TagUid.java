package org.openmusicbox.edge.nfc;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tag's UID as lowercase hex without separators, the form the library stores. Spaces and colons
 * a parent may type ("04:A2:2B") are accepted and removed.
 */
public record TagUid(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{4,32}");

    public TagUid {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("A tag id is 4 to 32 hex digits, e.g. 04a22b1c");
        }
    }

    public static Optional<TagUid> parse(String text) {
        if (text == null || text.length() > 100) {
            return Optional.empty();
        }
        String clean = text.replace(":", "").replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
        return HEX.matcher(clean).matches() ? Optional.of(new TagUid(clean)) : Optional.empty();
    }

    @Override
    public String toString() {
        return hex;
    }
}
