package org.openmusicbox.edge.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The short code a parent reads on the box's page and types on the phone being paired: 8 characters from 30
 * that cannot be mistaken for one another (no 0, O, 1, I, L or U), shown as two groups of 4 ({@code K7QM-3XHC}).
 * About 39 bits: with one code open at a time, for minutes, and guesses counted, guessing is hopeless.
 */
public record PairingCode(String code, long expiresAt) {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 8;

    static PairingCode next(SecureRandom random, long expiresAt) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new PairingCode(code.toString(), expiresAt);
    }

    /** As a parent reads it: {@code ABCD-EFGH}. */
    public String shown() {
        return code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
    }

    /** Whether {@code typed} is this code, however a parent typed it (small letters, a space or a dash between). */
    boolean matches(String typed) {
        String plain = typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII), plain.getBytes(StandardCharsets.UTF_8));
    }
}
