package org.openmusicbox.cloud.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The sha256 that names a media object ({@code media/<sha256>.<ext>}), read in chunks so any size fits in memory. */
public record ContentHash(String sha256, long size) {

    public static ContentHash of(Path file) {
        MessageDigest digest = digest();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                total += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContentHash(HexFormat.of().formatHex(digest.digest()), total);
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
