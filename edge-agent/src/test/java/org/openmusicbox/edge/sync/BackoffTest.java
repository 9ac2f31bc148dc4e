package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void waitsDoubleFromOneSecondToAMinuteEachBetweenHalfAndAllOfItsCeiling() {
        Backoff low = new Backoff(SECOND, MINUTE, () -> 0.0);
        Backoff high = new Backoff(SECOND, MINUTE, () -> 0.999_999);
        long[] ceilings = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (long ceiling : ceilings) {
            assertEquals(Math.max(1_000, ceiling * 500), low.next().toMillis(), "lowest under " + ceiling + " s");
            long most = high.next().toMillis();
            assertTrue(most > ceiling * 1000 - 2 && most <= ceiling * 1000, "highest under " + ceiling + " s: " + most);
        }
    }

    @Test
    void jitterSpreadsWaitsAndNeverLeavesTheBounds() {
        Random random = new Random(15);
        Backoff backoff = new Backoff(SECOND, MINUTE, random::nextDouble);
        for (int i = 0; i < 1000; i++) {
            long ms = backoff.next().toMillis();
            assertTrue(ms >= 1_000 && ms <= 60_000, "attempt " + i + ": " + ms);
        }
        Backoff b1 = new Backoff(SECOND, MINUTE, new Random(1)::nextDouble);
        Backoff b2 = new Backoff(SECOND, MINUTE, new Random(2)::nextDouble);
        for (int i = 0; i < 5; i++) {
            b1.next();
            b2.next();
        }
        assertTrue(b1.next().toMillis() != b2.next().toMillis(), "two boxes do not wait the same");
    }

    @Test
    void aGoodConnectionStartsOverFromOneSecond() {
        Backoff backoff = new Backoff(SECOND, MINUTE, () -> 0.5);
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        assertTrue(backoff.next().toMillis() >= 30_000);
        backoff.reset();
        assertEquals(1_000, backoff.next().toMillis());
    }

    @Test
    void boundsMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, MINUTE, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(MINUTE, SECOND, () -> 0));
    }
}
