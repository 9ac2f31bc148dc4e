package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.access.ParentAccess.Verdict;
import org.openmusicbox.edge.access.sqlite.SqliteClaimStore;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.db.Database;

class ParentAccessTest {

    @TempDir
    Path dir;

    long now = 1_000_000;

    /** Keeps what is saved, and what the box printed, for the test to read. */
    private static final class Memory implements TokenStore {
        String saved;

        @Override
        public Optional<String> load() {
            return Optional.ofNullable(saved);
        }

        @Override
        public void save(String hash) {
            saved = hash;
        }
    }

    /** The claim in memory. */
    private static final class Claims implements ClaimStore {
        String code;
        String name;
        final java.util.Set<String> sessions = new java.util.HashSet<>();

        @Override
        public Optional<String> code() {
            return Optional.ofNullable(code);
        }

        @Override
        public Optional<String> boxName() {
            return Optional.ofNullable(name);
        }

        @Override
        public void claim(String codeHash, String boxName) {
            code = codeHash;
            name = boxName;
        }

        @Override
        public void forgetCode() {
            code = null;
            sessions.clear();
        }

        @Override
        public void addSession(String digest, long createdAt) {
            sessions.add(digest);
        }

        @Override
        public java.util.Set<String> sessions() {
            return java.util.Set.copyOf(sessions);
        }

        @Override
        public void removeSession(String digest) {
            sessions.remove(digest);
        }
    }

    @Test
    void aConfiguredTokenLetsParentsInAndNobodyElse() {
        ParentAccess access = ParentAccess.open("correct horse battery", new Memory(), new Claims(), () -> now);
        assertEquals(Verdict.PARENT, access.check("correct horse battery", "10.0.0.2"));
        assertEquals(Verdict.REFUSED, access.check("correct horse", "10.0.0.2"));
        assertEquals(Verdict.REFUSED, access.check(null, "10.0.0.2"));
        assertTrue(access.enabled());
    }

    @Test
    void aNewBoxMakesNoTokenAndIsNotClaimed() {
        try (Database db = Database.open(dir)) {
            SqliteTokenStore store = new SqliteTokenStore(db);
            ParentAccess access = ParentAccess.open(null, store, new SqliteClaimStore(db), () -> now);
            assertFalse(access.claimed());
            assertTrue(store.load().isEmpty(), "no token is made any more");
            assertEquals(Verdict.REFUSED, access.check("anything", "a"));
        }
    }

    @Test
    void anOlderInstallsPrintedTokenStillWorksAsBearerAndAsParentCode() {
        try (Database db = Database.open(dir)) {
            SqliteTokenStore store = new SqliteTokenStore(db);
            // What the box stored before parent codes: salt:sha256(salt + token), hex.
            byte[] salt = new byte[16];
            String token = "abcde-fghjk-mnpqr";
            store.save(java.util.HexFormat.of().formatHex(salt) + ":" + sha(salt, token));
            ParentAccess access = ParentAccess.open(null, store, new SqliteClaimStore(db), () -> now);
            assertTrue(access.claimed());
            assertEquals(Verdict.PARENT, access.check(token, "a"));
            ParentAccess.Login login = access.login(token, "a");
            assertEquals(Verdict.PARENT, login.verdict());
            assertEquals(Verdict.PARENT, access.check(login.session(), "a"));
            access.forget();
            assertFalse(access.claimed());
            assertEquals(Verdict.REFUSED, access.check(token, "a"));
            assertEquals(Verdict.REFUSED, access.check(login.session(), "a"), "a reset ends every session");
            assertTrue(store.load().isEmpty());
        }
    }

    @Test
    void aSessionIsKeptAsAHashAcrossRestartsAndEndsAtLogout() {
        String session;
        try (Database db = Database.open(dir)) {
            ParentAccess access =
                    ParentAccess.open(null, new SqliteTokenStore(db), new SqliteClaimStore(db), () -> now);
            access.claim(ParentCode.hash("246810", 1000), "Lion box");
            assertEquals(Verdict.REFUSED, access.login("246811", "a").verdict());
            session = access.login("246810", "a").session();
            assertEquals(43, session.length(), "32 random bytes, base64url");
        }
        try (Database db = Database.open(dir)) {
            ParentAccess access =
                    ParentAccess.open(null, new SqliteTokenStore(db), new SqliteClaimStore(db), () -> now);
            assertTrue(access.claimed());
            assertEquals("Lion box", access.boxName());
            assertEquals(Verdict.PARENT, access.check(session, "a"), "kept across a restart");
            assertEquals(Verdict.REFUSED, access.check("246810", "b"), "the code itself is no bearer credential");
            access.logout(session);
            assertEquals(Verdict.REFUSED, access.check(session, "a"));
        }
        assertFalse(
                new String(readAll(dir.resolve("library.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(session),
                "the credential itself is not in the file");
    }

    @Test
    void wrongCodesAtLoginCountTowardsTheLockOut() {
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), new Claims(), () -> now);
        access.claim(ParentCode.hash("13572468", 1000), "Box");
        for (int i = 0; i < ParentAccess.MAX_FAILURES; i++) {
            assertEquals(Verdict.REFUSED, access.login("wrong-" + i, "10.0.0.7").verdict());
        }
        assertEquals(Verdict.LOCKED, access.login("13572468", "10.0.0.7").verdict());
        assertEquals(Verdict.PARENT, access.login("13572468", "10.0.0.8").verdict());
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha(byte[] salt, String token) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return java.util.HexFormat.of()
                    .formatHex(sha.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tenWrongTokensLockAnAddressForAMinuteButNotOthers() {
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), new Claims(), () -> now);
        for (int i = 0; i < ParentAccess.MAX_FAILURES - 1; i++) {
            assertEquals(Verdict.REFUSED, access.check("guess" + i, "10.0.0.9"));
        }
        assertEquals(Verdict.REFUSED, access.check("guess-last", "10.0.0.9"));
        assertEquals(Verdict.LOCKED, access.check("the-right-token", "10.0.0.9"), "locked even with the right token");
        assertEquals(Verdict.PARENT, access.check("the-right-token", "10.0.0.10"), "another device is not locked");
        now += ParentAccess.LOCK_MS + 1;
        assertEquals(Verdict.PARENT, access.check("the-right-token", "10.0.0.9"), "unlocked after a minute");
    }

    @Test
    void anOutsiderCyclingAddressesCannotGrowTheTableNorFreeALockedGuesser() {
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), new Claims(), () -> now);
        for (int i = 0; i < ParentAccess.MAX_FAILURES; i++) {
            access.check("guess-" + i, "10.0.0.1");
        }
        assertEquals(Verdict.LOCKED, access.check("the-right-token", "10.0.0.1"));

        for (int i = 0; i < 3 * ParentAccess.MAX_ADDRESSES; i++) {
            now += 1;
            access.check("wrong", "addr-" + i);
        }

        assertTrue(access.remembered() <= ParentAccess.MAX_ADDRESSES, "remembered " + access.remembered());
        assertEquals(Verdict.LOCKED, access.check("the-right-token", "10.0.0.1"), "a locked guesser is forgotten last");
        now += ParentAccess.LOCK_MS + ParentAccess.WINDOW_MS;
        assertEquals(Verdict.PARENT, access.check("the-right-token", "10.0.0.1"));
    }

    @Test
    void lookingWithoutATokenIsNotAGuess() {
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), new Claims(), () -> now);
        for (int i = 0; i < 50; i++) {
            access.check(null, "10.0.0.3");
        }
        assertEquals(Verdict.PARENT, access.check("the-right-token", "10.0.0.3"));
    }

    @Test
    void offLetsEveryoneIn() {
        ParentAccess off = ParentAccess.off();
        assertFalse(off.enabled());
        assertEquals(Verdict.PARENT, off.check(null, "x"));
    }

    @Test
    void theThrottleAllowsSoManyPerWindow() {
        Throttle throttle = new Throttle(3, 1000, () -> now);
        assertTrue(throttle.allow("a"));
        assertTrue(throttle.allow("a"));
        assertTrue(throttle.allow("a"));
        assertFalse(throttle.allow("a"));
        assertTrue(throttle.allow("b"));
        assertEquals(1000, throttle.waitMs("a"), "the oldest action leaves the window in a second");
        assertEquals(0, throttle.waitMs("b"));
        now += 400;
        assertEquals(600, throttle.waitMs("a"));
        now += 600;
        assertEquals(0, throttle.waitMs("a"));
        assertTrue(throttle.allow("a"));
    }
}
