package org.openmusicbox.edge.controls.pi4j;

/**
 * Turns the two contacts of a quadrature rotary encoder (KY-040 style, with pull-ups) into
 * detents. The contacts are open at rest, so both lines read high between detents; one detent
 * runs through all four Gray-code states, and which line falls first gives the direction:
 *
 * <pre>
 *   clockwise          CLK,DT  11 → 01 → 00 → 10 → 11
 *   counter-clockwise  CLK,DT  11 → 10 → 00 → 01 → 11
 * </pre>
 *
 * Every change of state is looked up in a transition table as a quarter step forward, backward
 * or none, and the quarter steps are summed; back at rest, a sum of four in one direction is one
 * detent. Contact bounce only ever flips one line back and forth, so its quarter steps cancel
 * out, and a knob turned half-way and back sums to zero. Not thread-safe: one thread feeds it.
 */
final class QuadratureDecoder {

    /** Both contacts open: the state the knob rests in between detents. */
    static final int REST = 0b11;

    /** Quarter steps for {@code previous << 2 | current}, with state {@code clk << 1 | dt}. */
    private static final int[] QUARTER_STEP = {
        // to:  00  01  10  11
        0,
        -1,
        +1,
        0, // from 00
        +1,
        0,
        0,
        -1, // from 01
        -1,
        0,
        0,
        +1, // from 10
        0,
        +1,
        -1,
        0, // from 11
    };

    private int state;
    private int quarterSteps;

    QuadratureDecoder(boolean clk, boolean dt) {
        this.state = state(clk, dt);
    }

    /**
     * The lines now read {@code clk} and {@code dt}.
     *
     * @return +1 for a detent clockwise, -1 counter-clockwise, 0 when no detent was completed
     */
    int update(boolean clk, boolean dt) {
        int next = state(clk, dt);
        quarterSteps += QUARTER_STEP[state << 2 | next];
        state = next;
        if (state != REST) {
            return 0;
        }
        int detent = quarterSteps >= 4 ? 1 : quarterSteps <= -4 ? -1 : 0;
        quarterSteps = 0;
        return detent;
    }

    boolean atRest() {
        return state == REST && quarterSteps == 0;
    }

    private static int state(boolean clk, boolean dt) {
        return (clk ? 0b10 : 0) | (dt ? 0b01 : 0);
    }
}
