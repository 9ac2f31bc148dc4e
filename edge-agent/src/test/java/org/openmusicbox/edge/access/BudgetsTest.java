package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetsTest {

    private long now = 1_000_000;

    @Test
    void aBurstThenTheRefillRateForEachKeyAlone() {
        Budgets budgets = new Budgets(3, 60, 100, () -> now);
        for (int i = 0; i < 3; i++) {
            assertTrue(budgets.take("a"), "request " + i);
        }
        assertFalse(budgets.take("a"), "the burst is spent");
        assertTrue(budgets.take("b"), "another key has its own budget");
        now += 999;
        assertFalse(budgets.take("a"), "60 a minute is one a second: not yet");
        now += 1;
        assertTrue(budgets.take("a"), "one second later, one more");
        assertFalse(budgets.take("a"));
        now += 60_000;
        for (int i = 0; i < 3; i++) {
            assertTrue(budgets.take("a"), "refilled to the burst, no further: " + i);
        }
        assertFalse(budgets.take("a"));
    }

    @Test
    void atMostMaxKeysAreRememberedWhateverTheNumberOfSenders() {
        Budgets budgets = new Budgets(1, 1, 16, () -> now);
        assertTrue(budgets.take("flooder"));
        assertFalse(budgets.take("flooder"));
        for (int i = 0; i < 10_000; i++) {
            budgets.take("10.0." + (i / 256) + "." + (i % 256));
        }
        assertEquals(16, budgets.size());
    }

    @Test
    void theThrottleRemembersAtMostSoManyAddresses() {
        Throttle throttle = new Throttle(1, 10_000, () -> now);
        for (int i = 0; i < 5_000; i++) {
            assertTrue(throttle.allow("10.1." + (i / 256) + "." + (i % 256)));
        }
        assertEquals(Throttle.MAX_KEYS, throttle.size());
        assertFalse(throttle.allow("10.1.19.135"), "the latest addresses are still throttled");
    }
}
