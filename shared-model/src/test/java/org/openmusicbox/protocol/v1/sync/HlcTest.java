package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock of docs/sync.md: every stamp is above every stamp taken or received before, whatever the wall does. */
class HlcTest {

    private static final long T = Instant.parse("2026-11-26T08:15:02Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** A wall clock the test sets by hand. */
    private static final class Wall {
        long millis = T;
    }

    @Test
    void packsMillisecondsHighAndTheCounterLow() {
        long stamp = Hlc.pack(T, 7);
        assertEquals(T, Hlc.physical(stamp));
        assertEquals(7, Hlc.counter(stamp));
        assertEquals((T << 16) | 7, stamp);
        assertEquals(Hlc.MAX_COUNTER, Hlc.counter(Hlc.pack(T, Hlc.MAX_COUNTER)));
        assertTrue(Hlc.pack(Hlc.MAX_PHYSICAL, Hlc.MAX_COUNTER) > 0, "the largest stamp is still positive");
        assertThrows(IllegalArgumentException.class, () -> Hlc.pack(T, Hlc.MAX_COUNTER + 1));
        assertThrows(IllegalArgumentException.class, () -> Hlc.pack(T, -1));
        assertThrows(IllegalArgumentException.class, () -> Hlc.pack(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Hlc.pack(Hlc.MAX_PHYSICAL + 1, 0));
    }

    @Test
    void followsTheWallClockWhileItMovesOn() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        assertEquals(Hlc.pack(T, 0), hlc.now());
        wall.millis += 5;
        assertEquals(Hlc.pack(T + 5, 0), hlc.now());
    }

    @Test
    void countsWhileTheWallClockStandsStill() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        assertEquals(Hlc.pack(T, 0), hlc.now());
        assertEquals(Hlc.pack(T, 1), hlc.now());
        assertEquals(Hlc.pack(T, 2), hlc.now());
    }

    @Test
    void staysAheadOfAWallClockThatGoesBackwards() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        long before = hlc.now();
        wall.millis -= 3_000; // NTP steps the clock back
        long after = hlc.now();
        assertTrue(after > before, Hlc.format(after) + " is not after " + Hlc.format(before));
        assertEquals(Hlc.pack(T, 1), after, "keeps the last physical time and counts on");
        wall.millis = T + 1;
        assertEquals(Hlc.pack(T + 1, 0), hlc.now(), "follows the wall again once it has caught up");
    }

    @Test
    void staysMonotonicWhenTheWallJumpsADayAheadThenADayBehind() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        List<Long> stamps = new ArrayList<>();
        stamps.add(hlc.now());
        wall.millis = T + DAY;
        stamps.add(hlc.now());
        wall.millis = T - DAY;
        stamps.add(hlc.now());
        stamps.add(hlc.now());
        wall.millis = T + DAY + 1;
        stamps.add(hlc.now());
        for (int i = 1; i < stamps.size(); i++) {
            assertTrue(stamps.get(i) > stamps.get(i - 1), "stamp " + i + " is not above the one before: " + stamps);
        }
        assertEquals(Hlc.pack(T + DAY, 2), stamps.get(3), "a day behind, it counts on from the day ahead");
    }

    @Test
    void aClockADayBehindStampsAfterWhatItReceived() {
        Wall behind = new Wall();
        behind.millis = T - DAY;
        Hlc box = new Hlc(() -> behind.millis);
        long fromCloud = Hlc.pack(T, 41);
        box.receive(fromCloud);
        long next = box.now();
        assertTrue(next > fromCloud, Hlc.format(next) + " is not after " + Hlc.format(fromCloud));
        assertEquals(Hlc.pack(T, 42), next);
        // An older stamp received later does not pull the clock back.
        box.receive(Hlc.pack(T - 2 * DAY, 0));
        assertEquals(Hlc.pack(T, 43), box.now());
        assertEquals(Hlc.pack(T, 43), box.last());
    }

    @Test
    void borrowsTheNextMillisecondWhenTheCounterIsFull() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        hlc.receive(Hlc.pack(T, Hlc.MAX_COUNTER - 1));
        assertEquals(Hlc.pack(T, Hlc.MAX_COUNTER), hlc.now());
        long overflowed = hlc.now();
        assertEquals(Hlc.pack(T + 1, 0), overflowed);
        assertEquals(Hlc.pack(T + 1, 1), hlc.now(), "the wall still reads T; the clock stays on T + 1");
        long previous = 0;
        for (int i = 0; i < 3 * (Hlc.MAX_COUNTER + 1); i++) {
            long stamp = hlc.now();
            assertTrue(stamp > previous, "stamp " + i + " went backwards");
            previous = stamp;
        }
    }

    @Test
    void refusesAStampTooFarAheadNamingBothTimes() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis, Duration.ofDays(2));
        long last = hlc.now();
        long tooFar = Hlc.pack(T + 2 * DAY + 1, 0);
        ClockSkewException e = assertThrows(ClockSkewException.class, () -> hlc.receive(tooFar));
        assertEquals(Instant.ofEpochMilli(T + 2 * DAY + 1), e.stamped());
        assertEquals(Instant.ofEpochMilli(T), e.wallClock());
        assertTrue(e.getMessage().contains("2026-11-28T08:15:02.001Z"), e.getMessage());
        assertTrue(e.getMessage().contains("2026-11-26T08:15:02Z"), e.getMessage());
        assertEquals(last, hlc.last(), "a refused stamp does not move the clock");
        hlc.receive(Hlc.pack(T + 2 * DAY, Hlc.MAX_COUNTER)); // exactly the allowed skew is accepted
        assertEquals(Hlc.pack(T + 2 * DAY + 1, 0), hlc.now());
        assertThrows(IllegalArgumentException.class, () -> hlc.receive(-1));
    }

    @Test
    void theDefaultSkewIsAYear() {
        Wall wall = new Wall();
        Hlc hlc = new Hlc(() -> wall.millis);
        hlc.receive(Hlc.pack(T + 364 * DAY, 0));
        assertThrows(ClockSkewException.class, () -> hlc.receive(Hlc.pack(T + 366 * DAY, 0)));
    }

    @Test
    void refusesAWallClockOutOfRangeAndABadSkew() {
        assertThrows(IllegalStateException.class, () -> new Hlc(() -> -1).now());
        assertThrows(IllegalArgumentException.class, () -> new Hlc(() -> T, Duration.ofMillis(-1)));
    }
}
