package org.openmusicbox.edge.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may change the box: whoever shows the parent access token. A child tapping around the web
 * page can look but cannot delete a playlist. On the first start the box makes a token, stores only
 * a salted hash of it and prints it once; {@code OMB_AUTH_TOKEN} sets it instead, for scripts.
 * Wrong tokens are counted per address: after {@link #MAX_FAILURES} in {@link #WINDOW_MS}, that
 * address is refused for {@link #LOCK_MS} even with the right token, so guessing is slow.
 * Thread-safe.
 */
public final class ParentAccess {

    private static final Logger log = LoggerFactory.getLogger(ParentAccess.class);

    static final int MAX_FAILURES = 10;
    static final long WINDOW_MS = 60_000;
    static final long LOCK_MS = 60_000;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    public enum Verdict {
        /** The token is right (or access control is off). */
        PARENT,
        /** No token, or a wrong one. */
        REFUSED,
        /** Too many wrong tokens from this address lately. */
        LOCKED
    }

    private record Failures(int count, long since, long lockedUntil) {}

    /** Addresses whose wrong tokens are remembered at once: an outsider cycling addresses cannot grow it. */
    static final int MAX_ADDRESSES = 4096;

    private final boolean enabled;
    private final byte[] salt;
    private final byte[] hash;
    private final LongSupplier clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private ParentAccess(boolean enabled, byte[] salt, byte[] hash, LongSupplier clock) {
        this.enabled = enabled;
        this.salt = salt;
        this.hash = hash;
        this.clock = clock;
    }

    /** Access control switched off ({@code omb.auth.mode=off}): everyone is a parent. */
    public static ParentAccess off() {
        return new ParentAccess(false, new byte[0], new byte[0], System::currentTimeMillis);
    }

    /**
     * @param configured the token from the settings (env {@code OMB_AUTH_TOKEN}), or blank to use
     *                   the stored one, making and printing one on the first start
     */
    public static ParentAccess open(String configured, TokenStore store, LongSupplier clock) {
        if (configured != null && !configured.isBlank()) {
            byte[] salt = random(16);
            return new ParentAccess(true, salt, digest(salt, configured.strip()), clock);
        }
        String stored = store.load().orElse(null);
        if (stored == null) {
            String token = newToken();
            byte[] salt = random(16);
            store.save(HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(digest(salt, token)));
            log.warn("Parent access token (shown once; keep it, the web page asks for it): {}", token);
            return new ParentAccess(true, salt, digest(salt, token), clock);
        }
        String[] parts = stored.split(":");
        if (parts.length != 2) {
            throw new IllegalStateException(
                    "The stored parent access token is unreadable; remove box_meta auth.token_hash "
                            + "from the library to make a new one");
        }
        return new ParentAccess(
                true, HexFormat.of().parseHex(parts[0]), HexFormat.of().parseHex(parts[1]), clock);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Checks a presented token; a wrong or missing one counts against {@code address} only when
     * something was presented (looking without a token is not a guess).
     */
    public Verdict check(String presented, String address) {
        if (!enabled) {
            return Verdict.PARENT;
        }
        long now = clock.getAsLong();
        Failures f = failures.get(address);
        if (f != null && f.lockedUntil() > now) {
            return Verdict.LOCKED;
        }
        if (presented == null || presented.isEmpty()) {
            return Verdict.REFUSED;
        }
        if (MessageDigest.isEqual(hash, digest(salt, presented.strip()))) {
            failures.remove(address);
            return Verdict.PARENT;
        }
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            forgetOldest(now);
        }
        failures.compute(address, (a, old) -> {
            Failures current = old == null || now - old.since() > WINDOW_MS ? new Failures(0, now, 0) : old;
            int count = current.count() + 1;
            if (count >= MAX_FAILURES) {
                log.warn("{} wrong parent tokens from {}; refusing it for {} s", count, address, LOCK_MS / 1000);
                return new Failures(0, now, now + LOCK_MS);
            }
            return new Failures(count, current.since(), 0);
        });
        return Verdict.REFUSED;
    }

    /**
     * Makes room: first the addresses whose window passed and that are not locked out, then, if an
     * outsider filled the table within one window, the quarter whose first wrong token is oldest
     * (locked ones last), so that the newest guessers are the ones still counted.
     */
    private void forgetOldest(long now) {
        failures.entrySet()
                .removeIf(e ->
                        now - e.getValue().since() > WINDOW_MS && e.getValue().lockedUntil() <= now);
        if (failures.size() < MAX_ADDRESSES) {
            return;
        }
        failures.entrySet().stream()
                .sorted(java.util.Comparator.comparing(
                                (Map.Entry<String, Failures> e) -> e.getValue().lockedUntil() > now)
                        .thenComparingLong(e -> e.getValue().since()))
                .limit(MAX_ADDRESSES / 4)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(failures::remove);
    }

    /** How many addresses' wrong tokens are remembered (for tests). */
    int remembered() {
        return failures.size();
    }

    private static String newToken() {
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            if (i > 0 && i % 5 == 0) {
                token.append('-');
            }
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static byte[] digest(byte[] salt, String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
