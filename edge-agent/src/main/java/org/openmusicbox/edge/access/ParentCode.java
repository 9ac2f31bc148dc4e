package org.openmusicbox.edge.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The parent code a parent chose at setup: a PIN of at least six digits or a passphrase of at least eight
 * characters. Only a slow salted hash is kept (PBKDF2-HMAC-SHA256, as the JDK has it), so that someone who
 * copies the SD card still has to guess, and each guess costs the same as a login on the box. The iterations
 * are stored with the hash, so raising the default later leaves old codes readable.
 */
public final class ParentCode {

    public static final int DEFAULT_ITERATIONS = 200_000;
    /** Longer codes are refused: hashing is the costly part, and no parent types more. */
    public static final int MAX_LENGTH = 128;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private ParentCode() {}

    /** Why a chosen code is not good enough, in a parent's words; null when it is. */
    public static String problem(String code) {
        if (code == null || code.isEmpty()) {
            return "Choose a parent code";
        }
        if (code.length() > MAX_LENGTH) {
            return "The parent code is too long (max " + MAX_LENGTH + " characters)";
        }
        if (code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return code.length() >= 6 ? null : "A parent code of digits needs at least 6 of them";
        }
        return code.length() >= 8 ? null : "A parent code with letters needs at least 8 characters";
    }

    /** {@code pbkdf2-sha256:<iterations>:<salt hex>:<hash hex>}. */
    public static String hash(String code, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        HexFormat hex = HexFormat.of();
        return PREFIX + ":" + iterations + ":" + hex.formatHex(salt) + ":"
                + hex.formatHex(derive(code, salt, iterations));
    }

    /** Whether {@code code} is the one {@code stored} was made from; false for a stored value it cannot read. */
    public static boolean matches(String stored, String code) {
        if (stored == null || code == null || code.isEmpty() || code.length() > MAX_LENGTH) {
            return false;
        }
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = HexFormat.of().parseHex(parts[2]);
            byte[] expected = HexFormat.of().parseHex(parts[3]);
            return iterations > 0 && MessageDigest.isEqual(expected, derive(code, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** SHA-256 of a text, hex: how session credentials are kept (they are random, so no salt is needed). */
    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
