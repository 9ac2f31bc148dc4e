package org.openmusicbox.edge.controls.pi4j;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openmusicbox.edge.controls.Buttons.Press;

/**
 * One push button: debounces its edges and tells a short press from a long one.
 *
 * <p>Debouncing waits for the contact to settle: an edge is accepted once the line has kept its
 * new level for the debounce time, so a burst of bounces, or a spike of noise shorter than that,
 * changes nothing. A press is reported when the button is released, unless it was held for the
 * long-press time: then the long press is reported as soon as that time is reached, and the
 * release reports nothing. Both times are measured from the first edge of each change.
 *
 * <p>All methods run on the one thread of {@code timers}, which also runs the timers, so the
 * state needs no locks. Edges carry the time they were seen at, which keeps the decisions right
 * even when that thread runs late.
 */
final class DebouncedButton {

    private final Press shortPress;
    private final Press longPress;
    private final long debounceNanos;
    private final long longPressNanos;
    private final ScheduledExecutorService timers;
    private final Consumer<Press> emit;
    /** Told true when the button is accepted as down, false when up again (the reset gesture needs the hold). */
    private final Consumer<Boolean> level;

    /** The level last reported by the pin, bounces included. */
    private boolean raw;
    /** The level accepted after debouncing. */
    private boolean stable;
    /** Counts edges, so that a settle timer knows whether another edge came after its own. */
    private long edges;
    /** When the line first left the stable level; meaningful while {@code raw != stable}. */
    private long leftStableAt;

    private long pressedAt;
    private boolean longReported;
    /** Held down when the agent started: its release is not a press. */
    private boolean ignoreUntilReleased;

    private ScheduledFuture<?> longTimer;

    DebouncedButton(
            Press shortPress,
            Press longPress,
            boolean pressedNow,
            long debounceNanos,
            long longPressNanos,
            ScheduledExecutorService timers,
            Consumer<Press> emit) {
        this(shortPress, longPress, pressedNow, debounceNanos, longPressNanos, timers, emit, down -> {});
    }

    DebouncedButton(
            Press shortPress,
            Press longPress,
            boolean pressedNow,
            long debounceNanos,
            long longPressNanos,
            ScheduledExecutorService timers,
            Consumer<Press> emit,
            Consumer<Boolean> level) {
        this.level = level;
        this.shortPress = shortPress;
        this.longPress = longPress;
        this.debounceNanos = debounceNanos;
        this.longPressNanos = longPressNanos;
        this.timers = timers;
        this.emit = emit;
        this.raw = pressedNow;
        this.stable = pressedNow;
        this.ignoreUntilReleased = pressedNow;
    }

    /** The pin now reads pressed or released, as seen at {@code at} ({@link System#nanoTime()}). */
    void edge(boolean pressed, long at) {
        if (pressed == raw) {
            return;
        }
        boolean wasSettled = raw == stable;
        raw = pressed;
        long edge = ++edges;
        if (raw == stable) {
            // Back to the accepted level within the debounce time: a bounce or a glitch.
            if (stable && !longReported && !ignoreUntilReleased && at - pressedAt >= longPressNanos) {
                // The long-press time passed during the glitch; the button is still held.
                reportLong();
            }
            return;
        }
        if (wasSettled) {
            leftStableAt = at;
        }
        long delay = Math.max(0, at + debounceNanos - System.nanoTime());
        timers.schedule(() -> settle(edge), delay, TimeUnit.NANOSECONDS);
    }

    /** True when the button is released, has settled and waits for nothing. */
    boolean idle() {
        return !raw && !stable;
    }

    private void settle(long edge) {
        if (edge != edges || raw == stable) {
            return; // another edge came since, and has its own timer
        }
        stable = raw;
        if (stable) {
            if (ignoreUntilReleased) {
                return;
            }
            pressedAt = leftStableAt;
            longReported = false;
            level.accept(true);
            long delay = Math.max(0, pressedAt + longPressNanos - System.nanoTime());
            longTimer = timers.schedule(this::longPressReached, delay, TimeUnit.NANOSECONDS);
        } else {
            if (ignoreUntilReleased) {
                ignoreUntilReleased = false;
                return;
            }
            if (longTimer != null) {
                longTimer.cancel(false);
                longTimer = null;
            }
            level.accept(false);
            if (!longReported) {
                emit.accept(shortPress);
            }
        }
    }

    private void longPressReached() {
        longTimer = null;
        if (!stable || longReported || raw != stable) {
            // Released, or a release is settling: if it turns out to be a glitch, edge() reports the long press.
            return;
        }
        reportLong();
    }

    private void reportLong() {
        longReported = true;
        emit.accept(longPress);
    }
}
