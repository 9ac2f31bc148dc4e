package org.openmusicbox.edge.media;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cached file's name, {@code <sha256>.<ext>}, and its download's {@code <sha256>.<ext>.part}. Only names
 * of this shape are ever touched by the cache: the tracks' own files (named by their upload session, or
 * in a playlist's folder) can never match, so the cache cannot delete them.
 */
record ContentName(String sha256, String ext) {

    static final String PART = ".part";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern EXT = Pattern.compile("[a-z0-9]{1,8}");
    private static final Pattern FILE = Pattern.compile("([0-9a-f]{64})\\.([a-z0-9]{1,8})(\\.part)?");

    ContentName {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(ext, "ext");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits: " + sha256);
        }
        if (!EXT.matcher(ext).matches()) {
            throw new IllegalArgumentException("extension must be 1..8 lowercase letters or digits: " + ext);
        }
    }

    /** Lower-cases what a caller hands in; the names on the card are always lower case. */
    static ContentName of(String sha256, String ext) {
        return new ContentName(
                Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT),
                Objects.requireNonNull(ext, "ext").toLowerCase(Locale.ROOT));
    }

    static String checkedSha256(String sha256) {
        String s = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(s).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        return s;
    }

    String file() {
        return sha256 + "." + ext;
    }

    String part() {
        return file() + PART;
    }

    /** A name found in the media directory: a complete file or a part, or null when it is neither. */
    static Found parse(String fileName) {
        Matcher m = FILE.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        return new Found(new ContentName(m.group(1), m.group(2)), m.group(3) != null);
    }

    record Found(ContentName name, boolean part) {}
}
