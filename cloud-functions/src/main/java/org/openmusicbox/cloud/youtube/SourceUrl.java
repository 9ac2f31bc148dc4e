package org.openmusicbox.cloud.youtube;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A link a device asked us to download: absolute http or https with a host, no spaces or control
 * characters, and never starting with '-' (so it can never be read as a command-line option).
 */
public record SourceUrl(String value) {

    private static final int MAX_LENGTH = 2048;

    public SourceUrl {
        String problem = problemWith(value);
        if (problem != null) {
            throw new DownloadFailed(DownloadFailed.Reason.INVALID_URL, problem);
        }
    }

    public static SourceUrl of(String value) {
        return new SourceUrl(value == null ? null : value.strip());
    }

    private static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "No link given";
        }
        if (value.length() > MAX_LENGTH) {
            return "The link is too long";
        }
        if (value.startsWith("-")) {
            return "Not a web link: " + value;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return "The link contains spaces or control characters";
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "Not a valid link: " + value;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "Only http and https links can be downloaded";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "The link has no host: " + value;
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
