package org.openmusicbox.edge.controls.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transition table on its own, state by state ("11" is CLK high, DT high: at rest). */
class QuadratureDecoderTest {

    @Test
    void aFullCycleClockwiseIsOneDetentUpReportedBackAtRest() {
        QuadratureDecoder decoder = new QuadratureDecoder(true, true);
        assertEquals(List.of(0, 0, 0, 1), feed(decoder, "01", "00", "10", "11"));
        assertTrue(decoder.atRest());
    }

    @Test
    void aFullCycleCounterClockwiseIsOneDetentDown() {
        assertEquals(List.of(0, 0, 0, -1), feed(new QuadratureDecoder(true, true), "10", "00", "01", "11"));
    }

    @Test
    void bounceOnOneLineCancelsOut() {
        QuadratureDecoder decoder = new QuadratureDecoder(true, true);
        // CLK chatters as it closes (passing through rest: nothing), DT chatters in the middle.
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 1), feed(decoder, "01", "11", "01", "00", "01", "00", "10", "11"));
        // Chatter right after a detent: back out of rest and in again is no step.
        assertEquals(List.of(0, 0), feed(decoder, "10", "11"));
    }

    @Test
    void turningHalfWayAndBackIsNoDetent() {
        QuadratureDecoder decoder = new QuadratureDecoder(true, true);
        assertEquals(List.of(0, 0, 0, 0), feed(decoder, "01", "00", "01", "11"));
        assertEquals(List.of(0, 0, 0, 0), feed(decoder, "10", "00", "10", "11"));
        // Three quarters round, then back.
        assertEquals(List.of(0, 0, 0, 0, 0, 0), feed(decoder, "01", "00", "10", "00", "01", "11"));
    }

    @Test
    void reversingMidwayCountsOnlyTheCompletedDirection() {
        QuadratureDecoder decoder = new QuadratureDecoder(true, true);
        // Half clockwise, back past rest and a full detent counter-clockwise.
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, -1), feed(decoder, "01", "00", "01", "11", "10", "00", "01", "11"));
    }

    @Test
    void aSkippedStateIsNoQuarterStep() {
        QuadratureDecoder decoder = new QuadratureDecoder(true, true);
        // 01 → 10 changes both lines at once: no way to tell the direction, so it counts for nothing,
        // and the detent (only two quarter steps seen) is not reported rather than guessed.
        assertEquals(List.of(0, 0, 0), feed(decoder, "01", "10", "11"));
    }

    @Test
    void startingOffRestCountsFromTheFirstRest() {
        QuadratureDecoder decoder = new QuadratureDecoder(false, false);
        assertFalse(decoder.atRest());
        assertEquals(List.of(0, 0), feed(decoder, "10", "11"));
        assertTrue(decoder.atRest());
        assertEquals(List.of(0, 0, 0, 1), feed(decoder, "01", "00", "10", "11"));
    }

    private static List<Integer> feed(QuadratureDecoder decoder, String... states) {
        List<Integer> detents = new ArrayList<>();
        for (String state : states) {
            detents.add(decoder.update(state.charAt(0) == '1', state.charAt(1) == '1'));
        }
        return detents;
    }
}
