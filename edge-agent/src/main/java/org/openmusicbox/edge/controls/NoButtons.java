package org.openmusicbox.edge.controls;

import java.util.EnumMap;
import java.util.Map;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Controls that are not there: nothing to read, and health says why. A box built without buttons
 * ({@code omb.controls.enabled=false}), or one whose GPIO is missing or unusable. Like the simulated tag
 * reader, it takes presses from elsewhere ({@link ButtonHand}, over HTTP), so that what needs a hand at the
 * box (claiming it, resetting it) can be done and tested without hardware. A press is down then up; held for
 * the long-press time it is the long press, reported at the release.
 */
public final class NoButtons implements Buttons, ButtonHand {

    private static final long DEFAULT_LONG_PRESS_MS = 2000;

    private final DeviceStatus status;
    private final long longPressNanos;
    private final Map<Button, Long> downAt = new EnumMap<>(Button.class);
    private volatile Listener listener;

    /** A box built without buttons ({@code omb.controls.enabled=false}). */
    public NoButtons() {
        this(DeviceStatus.disabled("Buttons turned off (omb.controls.enabled=false)"));
    }

    /** @param status why there are no buttons, as health reports it */
    public NoButtons(DeviceStatus status) {
        this(status, DEFAULT_LONG_PRESS_MS);
    }

    /** @param longPressMs how long a button is held for its long press, as the real ones */
    public NoButtons(DeviceStatus status, long longPressMs) {
        this.status = status;
        this.longPressNanos = longPressMs * 1_000_000;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void down(Button button) {
        synchronized (downAt) {
            if (downAt.putIfAbsent(button, System.nanoTime()) != null) {
                return;
            }
        }
        Listener l = listener;
        if (l != null) {
            l.down(button);
        }
    }

    @Override
    public void up(Button button) {
        Long at;
        synchronized (downAt) {
            at = downAt.remove(button);
        }
        Listener l = listener;
        if (at == null || l == null) {
            return;
        }
        l.up(button);
        boolean held = System.nanoTime() - at >= longPressNanos;
        l.pressed(
                switch (button) {
                    case NEXT -> held ? Press.NEXT_LONG : Press.NEXT;
                    case PREVIOUS -> held ? Press.PREVIOUS_LONG : Press.PREVIOUS;
                    case PLAY_PAUSE -> held ? Press.PLAY_PAUSE_LONG : Press.PLAY_PAUSE;
                });
    }

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public void close() {
        listener = null;
    }
}
