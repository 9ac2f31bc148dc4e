package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.access.ParentAccess.Verdict;
import org.openmusicbox.edge.access.sqlite.SqliteClaimStore;
import org.openmusicbox.edge.access.sqlite.SqlitePhoneStore;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.db.Database;

/** Pairing phones for remote access on the real SQLite file, with a clock the test moves. */
class RemotePhonesTest {

    private static final long LIFE_MS = 600_000;

    @TempDir
    Path dir;

    long now = 1_000_000;
    private Database db;
    private final List<Runnable> writes = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private RemotePhones phones() {
        return new RemotePhones(new SqlitePhoneStore(db), LIFE_MS, writes::add, () -> now);
    }

    private ParentAccess access(RemotePhones phones) {
        return ParentAccess.open(null, new SqliteTokenStore(db), new SqliteClaimStore(db), phones, () -> now);
    }

    @Test
    void aCodeIsEightCharactersThatCannotBeMistakenShownInTwoGroups() {
        RemotePhones phones = phones();
        assertTrue(phones.newCode().isEmpty(), "no code while remote access is off");
        phones.enable(true);
        for (int i = 0; i < 200; i++) {
            PairingCode code = phones.newCode().orElseThrow();
            assertTrue(code.code().matches("[2-9A-HJKMNP-TV-Z]{8}"), code.code());
            assertEquals(code.code().substring(0, 4) + "-" + code.code().substring(4), code.shown());
            assertEquals(now + LIFE_MS, code.expiresAt());
        }
    }

    @Test
    void theRightCodePairsOnceAndOnlyTheCredentialsHashIsKept() throws Exception {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        phones.enable(true);
        PairingCode code = phones.newCode().orElseThrow();
        String typed = " " + code.shown().toLowerCase().replace("-", " ") + " ";
        ParentAccess.Pairing pairing = access.pair(typed, "Dad's phone", "10.0.0.5");
        assertEquals(Verdict.PARENT, pairing.verdict());
        String credential = pairing.paired().credential();
        assertEquals(43, credential.length(), "32 random bytes, base64url");
        assertEquals(
                Verdict.REFUSED, access.pair(code.code(), "Again", "10.0.0.6").verdict(), "used once");
        assertTrue(phones.openCode().isEmpty());

        assertEquals(Verdict.PARENT, access.check(credential, "10.0.0.5"));
        assertEquals(pairing.paired().phoneId(), access.phoneOf(credential));
        assertNull(access.phoneOf("something else"));
        RemotePhones.Phone phone = phones.phones().get(0);
        assertEquals("Dad's phone", phone.name());
        assertEquals(now, phone.pairedAt());
        String kept = db.read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT digest FROM paired_phones")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertEquals(ParentCode.sha256(credential), kept);
        assertFalse(kept.contains(credential));
    }

    @Test
    void anExpiredOrReplacedCodeIsRefused() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        phones.enable(true);
        PairingCode first = phones.newCode().orElseThrow();
        PairingCode second = phones.newCode().orElseThrow();
        assertEquals(
                Verdict.REFUSED, access.pair(first.code(), "Old", "10.0.0.5").verdict(), "replaced");
        now += LIFE_MS;
        assertTrue(phones.openCode().isEmpty());
        assertEquals(
                Verdict.REFUSED, access.pair(second.code(), "Late", "10.0.0.5").verdict(), "expired");
        assertEquals(List.of(), phones.phones());
    }

    @Test
    void tenWrongCodesLockTheAddressOutAndTwentyFromAnywhereCloseTheCode() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        phones.enable(true);
        PairingCode code = phones.newCode().orElseThrow();
        for (int i = 0; i < ParentAccess.MAX_FAILURES; i++) {
            assertEquals(
                    Verdict.REFUSED, access.pair("WRONG" + i, "x", "10.0.0.9").verdict());
        }
        assertEquals(Verdict.LOCKED, access.pair(code.code(), "x", "10.0.0.9").verdict(), "even the right code");
        for (int i = ParentAccess.MAX_FAILURES; i < RemotePhones.WRONG_TRIES_PER_CODE; i++) {
            assertEquals(
                    Verdict.REFUSED,
                    access.pair("WRONG" + i, "x", "10.0.1." + i).verdict());
        }
        assertTrue(phones.openCode().isEmpty(), "guessed at from many addresses: closed");
        assertEquals(Verdict.REFUSED, access.pair(code.code(), "x", "10.0.0.7").verdict());
    }

    @Test
    void offPausesEveryPhoneWithoutCountingAGuessOnRestoresThemRemoveRevokes() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        List<String> revoked = new ArrayList<>();
        phones.onRevoked(() -> revoked.add("x"));
        phones.enable(true);
        String a = pair(access, phones, "A");
        String b = pair(access, phones, "B");
        phones.enable(false);
        assertEquals(1, revoked.size());
        for (int i = 0; i < ParentAccess.MAX_FAILURES + 2; i++) {
            assertEquals(Verdict.REFUSED, access.check(a, "10.0.0.5"));
        }
        assertEquals(2, phones.phones().size(), "the list is kept");
        phones.enable(true);
        assertEquals(Verdict.PARENT, access.check(a, "10.0.0.5"), "not locked out: a paused phone is no guess");
        String idA = access.phoneOf(a);
        assertTrue(phones.live(idA));
        assertTrue(phones.remove(idA));
        assertEquals(2, revoked.size());
        assertFalse(phones.live(idA));
        assertFalse(phones.remove(idA));
        assertEquals(Verdict.REFUSED, access.check(a, "10.0.0.6"));
        assertEquals(Verdict.PARENT, access.check(b, "10.0.0.6"), "the other phone still works");
    }

    @Test
    void lastSeenIsNotedAtEachUseAndWrittenAtMostOnceAMinute() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        phones.enable(true);
        String credential = pair(access, phones, "Mum");
        String id = access.phoneOf(credential);
        assertNull(phones.phones().get(0).lastSeenAt());
        for (int i = 0; i < 30; i++) {
            access.check(credential, "10.0.0.5");
            now += 1_000;
            phones.use(id);
        }
        assertEquals(1, writes.size(), "one write in the first minute");
        assertEquals(Long.valueOf(now), phones.phones().get(0).lastSeenAt(), "the list shows the latest use");
        now += RemotePhones.SEEN_WRITE_MS;
        phones.use(id);
        assertEquals(2, writes.size());
        writes.forEach(Runnable::run);
        RemotePhones again = phones();
        assertEquals(Long.valueOf(now), again.phones().get(0).lastSeenAt());
    }

    @Test
    void phonesAndTheSwitchAreKeptAcrossARestartAndGoWhenTheBoxIsMadeNew() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        phones.enable(true);
        String credential = pair(access, phones, "Grandma");

        RemotePhones restarted = phones();
        ParentAccess after = access(restarted);
        assertTrue(restarted.enabled());
        assertEquals("Grandma", restarted.phones().get(0).name());
        assertEquals(Verdict.PARENT, after.check(credential, "10.0.0.5"));

        after.forget();
        assertFalse(restarted.enabled());
        assertEquals(List.of(), restarted.phones());
        assertEquals(List.of(), phones().phones());
        assertFalse(phones().enabled());
    }

    @Test
    void theListingHasEachPhonesCredentialHashAndIsAnnouncedAtEveryChange() {
        RemotePhones phones = phones();
        ParentAccess access = access(phones);
        List<RemotePhones.Listing> heard = new ArrayList<>();
        phones.onListingChanged(() -> heard.add(phones.listing()));
        assertEquals(new RemotePhones.Listing(false, List.of()), phones.listing());
        phones.enable(true);
        String a = pair(access, phones, "A");
        now += 1_000;
        String b = pair(access, phones, "B");
        phones.newCode();
        assertNull(access.pair("WRONGCOD", "C", "10.0.0.1").paired(), "a wrong code changes nothing");
        RemotePhones.Hashed hashA = new RemotePhones.Hashed(access.phoneOf(a), ParentCode.sha256(a));
        RemotePhones.Hashed hashB = new RemotePhones.Hashed(access.phoneOf(b), ParentCode.sha256(b));
        phones.enable(false);
        phones.remove(hashA.phoneId());
        phones.forgetAll();
        assertEquals(
                List.of(
                        new RemotePhones.Listing(true, List.of()),
                        new RemotePhones.Listing(true, List.of(hashA)),
                        new RemotePhones.Listing(true, List.of(hashA, hashB)),
                        new RemotePhones.Listing(false, List.of(hashA, hashB)),
                        new RemotePhones.Listing(false, List.of(hashB)),
                        new RemotePhones.Listing(false, List.of())),
                heard);
        assertEquals(heard.get(5), phones.listing());
        assertEquals(64, hashA.credentialSha256().length());
    }

    @Test
    void withAccessControlOffNoPhoneIsPaired() {
        ParentAccess off = ParentAccess.off();
        assertEquals(Verdict.REFUSED, off.pair("ABCDEFGH", "x", "10.0.0.5").verdict());
        assertNull(off.phoneOf("anything"));
        assertNotNull(off.phones());
        assertEquals(Optional.empty(), off.phones().newCode());
    }

    private static String pair(ParentAccess access, RemotePhones phones, String name) {
        PairingCode code = phones.newCode().orElseThrow();
        return access.pair(code.code(), name, "10.0.0.1").paired().credential();
    }
}
