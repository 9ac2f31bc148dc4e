package org.openmusicbox.edge.controls;

import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The box's physical controls: next and previous buttons, and a rotary encoder for the volume
 * whose push button plays and pauses. Each press or detent is reported once, after debouncing.
 */
public interface Buttons extends AutoCloseable {

    enum Press {
        NEXT,
        PREVIOUS,
        PLAY_PAUSE,
        /** Previous held down: start the playlist again from its first track. */
        PREVIOUS_LONG,
        /** Next held down. */
        NEXT_LONG,
        /** Play/pause held down: stop. */
        PLAY_PAUSE_LONG
    }

    /** The three push buttons, for what needs them held rather than pressed (the reset gesture). */
    enum Button {
        NEXT,
        PREVIOUS,
        PLAY_PAUSE
    }

    interface Listener {
        void pressed(Press press);

        /** A button went down (after debouncing); its press, short or long, is reported on its own. */
        default void down(Button button) {}

        /** A button came up again. */
        default void up(Button button) {}

        /** The encoder turned by {@code detents} steps: positive clockwise (louder), negative counter-clockwise. */
        void turned(int detents);
    }

    void start(Listener listener);

    DeviceStatus status();

    @Override
    void close();
}
