package org.openmusicbox.edge.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.sqlite.SqliteClaimStore;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.db.Database;

class ClaimTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private final List<String> announced = new ArrayList<>();

    private Claim claim(Database db, ParentAccess access) {
        Claim claim = new Claim(access, time, time, 60_000, 1000);
        claim.onChange(s -> announced.add(s.state()));
        return claim;
    }

    private static ParentAccess access(Database db) {
        return ParentAccess.open(null, new SqliteTokenStore(db), new SqliteClaimStore(db), () -> 0);
    }

    @Test
    void aClaimWaitsForAHandAndThenKeepsTheCodeAndTheName() {
        try (Database db = Database.open(dir)) {
            ParentAccess access = access(db);
            Claim claim = claim(db, access);
            assertEquals(SetupState.UNCLAIMED, claim.state().state());
            SetupState waiting = claim.begin("  Lion box ", "246810");
            assertEquals(SetupState.WAITING, waiting.state());
            assertEquals("Lion box", waiting.boxName());
            assertEquals(time.getAsLong() + 60_000, waiting.expiresAt());
            ClaimRefused second = assertThrows(ClaimRefused.class, () -> claim.begin("Other", "999999"));
            assertEquals("setup_in_progress", second.errorType());
            assertEquals(waiting.expiresAt(), second.expiresAt());
            time.pass(59_000);
            claim.presence("a button");
            assertEquals(SetupState.CLAIMED, claim.state().state());
            assertEquals(
                    ParentAccess.Verdict.PARENT, access.login("246810", "a").verdict());
            assertEquals(
                    "already_claimed",
                    assertThrows(ClaimRefused.class, () -> claim.begin("x", "123456"))
                            .errorType());
            assertEquals(List.of("waiting", "claimed"), announced);
        }
        try (Database db = Database.open(dir)) {
            Claim again = claim(db, access(db));
            assertEquals(SetupState.CLAIMED, again.state().state(), "kept across a restart");
            assertEquals("Lion box", again.state().boxName());
        }
    }

    @Test
    void withoutAHandInTheWindowTheBoxStaysNewAndALatePressDoesNothing() {
        try (Database db = Database.open(dir)) {
            ParentAccess access = access(db);
            Claim claim = claim(db, access);
            claim.begin("Lion box", "246810");
            time.pass(60_001);
            assertEquals(SetupState.UNCLAIMED, claim.state().state());
            assertNull(claim.state().expiresAt());
            claim.presence("a tag");
            assertEquals(SetupState.UNCLAIMED, claim.state().state());
            assertEquals(List.of("waiting", "unclaimed"), announced);
            claim.begin("Lion box", "246810");
            assertEquals(SetupState.WAITING, claim.state().state(), "a new try is allowed");
        }
    }

    @Test
    void aResetForgetsTheCodeAndKeepsTheName() {
        try (Database db = Database.open(dir)) {
            ParentAccess access = access(db);
            Claim claim = claim(db, access);
            claim.begin("Lion box", "246810");
            claim.presence("a button");
            claim.reset("a hold at the box");
            assertEquals(SetupState.UNCLAIMED, claim.state().state());
            assertEquals("Lion box", claim.state().boxName());
            assertEquals(
                    ParentAccess.Verdict.REFUSED, access.login("246810", "a").verdict());
        }
    }

    @Test
    void nameAndCodeRules() {
        assertTrue(Claim.problems("Lion box", "246810").isEmpty());
        assertTrue(Claim.problems("   ", "246810").containsKey("box_name"));
        assertTrue(Claim.problems("x".repeat(41), "246810").containsKey("box_name"));
        assertTrue(Claim.problems(" " + "x".repeat(40) + " ", "246810").isEmpty(), "40 after trimming");
        assertTrue(Claim.problems("Box", "12345").containsKey("parent_code"));
        assertTrue(Claim.problems("Box", "short").containsKey("parent_code"));
    }
}
