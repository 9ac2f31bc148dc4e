package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {

    long now = 5_000_000;

    @Test
    void aFloodOfRefusalsWritesOnlyTheMinutesShareAndCountsTheRest() {
        RefusalLog refusals = new RefusalLog(LoggerFactory.getLogger(RefusalLogTest.class), 3, () -> now);
        int written = 0;
        for (int i = 0; i < 1_000; i++) {
            if (refusals.refused("refused {}", i)) {
                written++;
            }
        }
        assertEquals(3, written);
        assertEquals(997, refusals.suppressed());

        now += 60_000;
        assertTrue(refusals.refused("refused again"), "a new minute writes again");
        assertEquals(0, refusals.suppressed(), "the summary line took the count");
        assertTrue(refusals.refused("second"));
        assertTrue(refusals.refused("third"));
        assertFalse(refusals.refused("fourth"));
    }
}
