package org.openmusicbox.edge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    private int spendAll(Budget budget) {
        int spent = 0;
        while (budget.spend()) {
            spent++;
            if (spent > 10_000) {
                throw new AssertionError("the budget never ran out");
            }
        }
        return spent;
    }

    @Test
    void aBurstIsAllowedThenTheRateHolds() {
        Budget budget = new Budget(10, 20, now::get);
        assertEquals(20, spendAll(budget), "a full budget allows the burst");
        assertFalse(budget.spend(), "then nothing, until time passes");
        now.addAndGet(500);
        assertEquals(5, spendAll(budget), "half a second at 10 a second refills 5");
        now.addAndGet(60_000);
        assertEquals(20, spendAll(budget), "a long pause refills no more than the burst");
    }

    @Test
    void aQuietBudgetIsFullAgain() {
        Budget budget = new Budget(10, 20, now::get);
        assertTrue(budget.full());
        budget.spend();
        assertFalse(budget.full());
        now.addAndGet(100);
        assertTrue(budget.full(), "one action refills in a tenth of a second");
    }
}
