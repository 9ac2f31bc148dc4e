package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParentCodeTest {

    @Test
    void theHashIsSaltedSlowAndKeepsItsIterations() {
        String a = ParentCode.hash("246810", ParentCode.DEFAULT_ITERATIONS);
        String b = ParentCode.hash("246810", ParentCode.DEFAULT_ITERATIONS);
        assertTrue(a.matches("pbkdf2-sha256:200000:[0-9a-f]{32}:[0-9a-f]{64}"), a);
        assertNotEquals(a, b, "a random salt each time");
        assertFalse(a.contains("246810"));
        assertTrue(ParentCode.matches(a, "246810"));
        assertTrue(ParentCode.matches(b, "246810"));
        assertFalse(ParentCode.matches(a, "246811"));
    }

    @Test
    void aCodeHashedWithOtherIterationsStillMatches() {
        String few = ParentCode.hash("correct horse", 1000);
        assertTrue(few.startsWith("pbkdf2-sha256:1000:"));
        assertTrue(ParentCode.matches(few, "correct horse"));
        assertFalse(ParentCode.matches(few.replace(":1000:", ":1001:"), "correct horse"), "the iterations count");
    }

    @Test
    void anUnreadableStoredValueOrAnEmptyCodeNeverMatches() {
        assertFalse(ParentCode.matches("salt:hash", "246810"));
        assertFalse(ParentCode.matches("pbkdf2-sha256:x:00:00", "246810"));
        assertFalse(ParentCode.matches("pbkdf2-sha256:10:zz:00", "246810"));
        assertFalse(ParentCode.matches(ParentCode.hash("246810", 10), ""));
        assertFalse(ParentCode.matches(null, "246810"));
    }

    @Test
    void aPinNeedsSixDigitsAndAPassphraseEightCharacters() {
        assertNull(ParentCode.problem("123456"));
        assertNull(ParentCode.problem("lion-card"));
        assertNull(ParentCode.problem("12345abc"));
        assertNotNull(ParentCode.problem("12345"));
        assertNotNull(ParentCode.problem("lion123"));
        assertNotNull(ParentCode.problem(""));
        assertNotNull(ParentCode.problem(null));
        assertNotNull(ParentCode.problem("x".repeat(ParentCode.MAX_LENGTH + 1)));
        assertEquals("A parent code of digits needs at least 6 of them", ParentCode.problem("1234"));
    }
}
