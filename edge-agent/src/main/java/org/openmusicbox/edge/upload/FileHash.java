package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 a phone may send with an upload ({@code file_hash}, bare hex or {@code sha256:<hex>}),
 * checked against the assembled file. A hash in another form is not checked: the original clients
 * send what they like there.
 */
final class FileHash {

    private FileHash() {}

    /** Whether the file is what {@code claimed} says; true when there is nothing to check. */
    static boolean matches(String claimed, Path file) {
        return claimed == null || !isSha256(claimed) || matchesHash(claimed, sha256(file));
    }

    /** As {@link #matches(String, Path)}, with the file's sha256 already known. */
    static boolean matchesHash(String claimed, String sha256) {
        return claimed == null
                || !isSha256(claimed)
                || claimed.toLowerCase(Locale.ROOT).endsWith(sha256);
    }

    static boolean isSha256(String hash) {
        String h = hash.toLowerCase(Locale.ROOT);
        if (h.startsWith("sha256:")) {
            h = h.substring(7);
        }
        return h.matches("[0-9a-f]{64}");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
