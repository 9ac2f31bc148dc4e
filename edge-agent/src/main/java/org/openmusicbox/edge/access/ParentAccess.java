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
 * Who may change the box: whoever shows a parent's credential. A child tapping around the web page can
 * look but cannot delete a playlist. A credential is a session the box gave at login with the parent code
 * ({@link #login}), the token set by {@code OMB_AUTH_TOKEN} (for scripts), or, on a box set up before the
 * parent code existed, the token it printed then (it also works as a parent code at login). Only hashes are
 * kept. A phone paired for remote access ({@link RemotePhones}) shows its own credential, a parent's too while
 * remote access is on. Wrong credentials, codes and pairing codes are counted per address: after
 * {@link #MAX_FAILURES} in {@link #WINDOW_MS}, that address is refused for {@link #LOCK_MS} even with the right one, so guessing is
 * slow. Thread-safe.
 */
public final class ParentAccess {

    private static final Logger log = LoggerFactory.getLogger(ParentAccess.class);

    static final int MAX_FAILURES = 10;
    static final long WINDOW_MS = 60_000;
    static final long LOCK_MS = 60_000;

    public enum Verdict {
        /** The credential is right (or access control is off). */
        PARENT,
        /** No credential, or a wrong one. */
        REFUSED,
        /** Too many wrong credentials from this address lately. */
        LOCKED
    }

    /** A login's outcome: the session credential when the verdict is {@link Verdict#PARENT}. */
    public record Login(Verdict verdict, String session) {}

    /** A pairing's outcome: the phone and its credential when the verdict is {@link Verdict#PARENT}. */
    public record Pairing(Verdict verdict, RemotePhones.Paired paired) {}

    private record Failures(int count, long since, long lockedUntil) {}

    /** Addresses whose wrong tokens are remembered at once: an outsider cycling addresses cannot grow it. */
    static final int MAX_ADDRESSES = 4096;

    private final boolean enabled;
    /** {@code OMB_AUTH_TOKEN}'s salt and hash, or null. */
    private final byte[] salt;

    private final byte[] hash;
    private final ClaimStore claims;
    /** The sessions' digests, kept in step with the store: a request's check reads no file. */
    private final java.util.Set<String> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final RemotePhones phones;
    private final LongSupplier clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    /** An older install's printed token ({@code salt:hash} hex), or null; a reset forgets it. */
    private volatile String oldToken;
    /** The parent code's PBKDF2 hash, or null while the box is not claimed. */
    private volatile String code;

    private ParentAccess(
            boolean enabled,
            byte[] salt,
            byte[] hash,
            String oldToken,
            ClaimStore claims,
            RemotePhones phones,
            LongSupplier clock) {
        this.enabled = enabled;
        this.salt = salt;
        this.hash = hash;
        this.oldToken = oldToken;
        this.claims = claims;
        this.phones = phones;
        this.clock = clock;
        this.code = claims == null ? null : claims.code().orElse(null);
        if (claims != null) {
            sessions.addAll(claims.sessions());
        }
    }

    /** Access control switched off ({@code omb.auth.mode=off}): everyone is a parent. */
    public static ParentAccess off() {
        return new ParentAccess(false, null, null, null, null, RemotePhones.none(), System::currentTimeMillis);
    }

    /**
     * @param configured the token from the settings (env {@code OMB_AUTH_TOKEN}), or blank
     * @param oldTokens where an older install kept the token it printed
     */
    public static ParentAccess open(String configured, TokenStore oldTokens, ClaimStore claims, LongSupplier clock) {
        return open(configured, oldTokens, claims, RemotePhones.none(), clock);
    }

    /** As above, with the phones paired for remote access. */
    public static ParentAccess open(
            String configured, TokenStore oldTokens, ClaimStore claims, RemotePhones phones, LongSupplier clock) {
        String old = oldTokens.load().orElse(null);
        if (old != null && old.split(":").length != 2) {
            throw new IllegalStateException("The stored parent access token is unreadable; remove box_meta "
                    + "auth.token_hash from the library and set the box up again");
        }
        if (configured != null && !configured.isBlank()) {
            byte[] salt = random(16);
            return new ParentAccess(true, salt, digest(salt, configured.strip()), old, claims, phones, clock);
        }
        return new ParentAccess(true, null, null, old, claims, phones, clock);
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
        String given = presented.strip();
        String digest = ParentCode.sha256(given);
        RemotePhones.Standing phone = phones.standing(digest);
        if (phone == RemotePhones.Standing.LIVE || isToken(given) || sessions.contains(digest)) {
            failures.remove(address);
            return Verdict.PARENT;
        }
        if (phone == RemotePhones.Standing.PAUSED) {
            // A paired phone while remote access is off: refused, but it is no guess.
            return Verdict.REFUSED;
        }
        failed(address, now, "credential");
        return Verdict.REFUSED;
    }

    /**
     * Checks a parent code and, when it is right, opens a session and returns its credential (32 random
     * bytes; only their SHA-256 is stored). Slow on purpose (PBKDF2): call it off the event loop.
     */
    public Login login(String presented, String address) {
        if (!enabled) {
            return new Login(Verdict.PARENT, "");
        }
        long now = clock.getAsLong();
        Failures f = failures.get(address);
        if (f != null && f.lockedUntil() > now) {
            return new Login(Verdict.LOCKED, null);
        }
        String given = presented == null ? "" : presented.strip();
        String current = code;
        boolean right = !given.isEmpty() && ((current != null && ParentCode.matches(current, given)) || isToken(given));
        if (!right) {
            failed(address, now, "parent code");
            log.info("Login refused: wrong parent code from {}", address);
            return new Login(Verdict.REFUSED, null);
        }
        failures.remove(address);
        byte[] bytes = random(32);
        String session = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String digest = ParentCode.sha256(session);
        claims.addSession(digest, now);
        sessions.add(digest);
        log.info("Parent logged in from {}", address);
        return new Login(Verdict.PARENT, session);
    }

    /**
     * Pairs a phone with the open pairing code ({@link RemotePhones}); a wrong, expired or used code counts
     * against {@code address} like a wrong parent code.
     */
    public Pairing pair(String code, String phoneName, String address) {
        long now = clock.getAsLong();
        Failures f = failures.get(address);
        if (f != null && f.lockedUntil() > now) {
            return new Pairing(Verdict.LOCKED, null);
        }
        RemotePhones.Paired paired = enabled ? phones.pair(code, phoneName) : null;
        if (paired == null) {
            failed(address, now, "pairing code");
            log.info("Pairing refused: wrong pairing code from {}", address);
            return new Pairing(Verdict.REFUSED, null);
        }
        failures.remove(address);
        return new Pairing(Verdict.PARENT, paired);
    }

    /**
     * The paired phone {@code presented} is the credential of, or null (a parent's session, the configured token,
     * or no credential): for the routes and events a phone away from home may not use. Ask before {@link #check}:
     * a phone removed in between is then refused by the check, never taken for a parent's session.
     */
    public String phoneOf(String presented) {
        return !enabled || presented == null || presented.isBlank()
                ? null
                : phones.phoneId(ParentCode.sha256(presented.strip()));
    }

    /** The phones paired for remote access, and the switch. */
    public RemotePhones phones() {
        return phones;
    }

    /** Ends the session {@code presented} names; the configured token is not a session and stays valid. */
    public void logout(String presented) {
        if (enabled && presented != null && !presented.isBlank()) {
            String digest = ParentCode.sha256(presented.strip());
            claims.removeSession(digest);
            sessions.remove(digest);
        }
    }

    /** Whether a parent owns this box: a parent code, a configured token or an older install's token. */
    public boolean claimed() {
        return !enabled || hash != null || oldToken != null || code != null;
    }

    /** The box's name as the parent gave it, or empty. */
    public String boxName() {
        return claims == null ? "" : claims.boxName().orElse("");
    }

    /** The claim is done: the code's hash and the name are kept; the box is claimed from now on. */
    public void claim(String codeHash, String boxName) {
        claims.claim(codeHash, boxName);
        code = codeHash;
    }

    /** Back to a new box (a forgotten code): the code, an older token and every session go; the name stays. */
    public void forget() {
        claims.forgetCode();
        sessions.clear();
        code = null;
        oldToken = null;
        phones.forgetAll();
    }

    private boolean isToken(String given) {
        if (hash != null && MessageDigest.isEqual(hash, digest(salt, given))) {
            return true;
        }
        String old = oldToken;
        if (old == null) {
            return false;
        }
        String[] parts = old.split(":");
        byte[] oldSalt = HexFormat.of().parseHex(parts[0]);
        return MessageDigest.isEqual(HexFormat.of().parseHex(parts[1]), digest(oldSalt, given));
    }

    private void failed(String address, long now, String what) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            forgetOldest(now);
        }
        failures.compute(address, (a, old) -> {
            Failures current = old == null || now - old.since() > WINDOW_MS ? new Failures(0, now, 0) : old;
            int count = current.count() + 1;
            if (count >= MAX_FAILURES) {
                log.warn("{} wrong parent {}s from {}; refusing it for {} s", count, what, address, LOCK_MS / 1000);
                return new Failures(0, now, now + LOCK_MS);
            }
            return new Failures(count, current.since(), 0);
        });
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
