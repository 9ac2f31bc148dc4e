package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.access.ParentAccess.Verdict;
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

    @Test
    void aConfiguredTokenLetsParentsInAndNobodyElse() {
        ParentAccess access = ParentAccess.open("correct horse battery", new Memory(), () -> now);
        assertEquals(Verdict.PARENT, access.check("correct horse battery", "10.0.0.2"));
        assertEquals(Verdict.REFUSED, access.check("correct horse", "10.0.0.2"));
        assertEquals(Verdict.REFUSED, access.check(null, "10.0.0.2"));
        assertTrue(access.enabled());
    }

    @Test
    void theFirstStartMakesATokenAndStoresOnlyASaltedHash() {
        try (Database db = Database.open(dir)) {
            SqliteTokenStore store = new SqliteTokenStore(db);
            ParentAccess.open(null, store, () -> now);
            String stored = store.load().orElseThrow();
            Matcher parts = Pattern.compile("([0-9a-f]{32}):([0-9a-f]{64})").matcher(stored);
            assertTrue(parts.matches(), "salt:sha256 hex, got " + stored);
            // A second start keeps the same token: the stored hash is not replaced.
            ParentAccess.open(null, store, () -> now);
            assertEquals(stored, store.load().orElseThrow());
        }
    }

    @Test
    void theGeneratedTokenWorksAfterARestartAndIsNotStoredInClear() {
        Memory memory = new Memory();
        ParentAccess first = ParentAccess.open(" ", memory, () -> now);
        assertTrue(first.enabled());
        String hash = memory.saved;
        // The token is only in the log; a wrong guess is refused, and the hash is not the token.
        ParentAccess again = ParentAccess.open(null, memory, () -> now);
        assertEquals(Verdict.REFUSED, again.check(hash, "a"));
        assertEquals(Verdict.REFUSED, again.check(hash.split(":")[1], "a"));
    }

    @Test
    void tenWrongTokensLockAnAddressForAMinuteButNotOthers() {
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), () -> now);
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
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), () -> now);
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
        ParentAccess access = ParentAccess.open("the-right-token", new Memory(), () -> now);
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
