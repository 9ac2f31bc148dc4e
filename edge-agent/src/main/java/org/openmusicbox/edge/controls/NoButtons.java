package org.openmusicbox.edge.controls;

import org.openmusicbox.edge.device.DeviceStatus;

/**
 * Controls that are not there: nothing to read, and health says why. A box built without buttons
 * ({@code omb.controls.enabled=false}), or one whose GPIO is missing or unusable.
 */
public final class NoButtons implements Buttons {

    private final DeviceStatus status;

    /** A box built without buttons ({@code omb.controls.enabled=false}). */
    public NoButtons() {
        this(DeviceStatus.disabled("Buttons turned off (omb.controls.enabled=false)"));
    }

    /** @param status why there are no buttons, as health reports it */
    public NoButtons(DeviceStatus status) {
        this.status = status;
    }

    @Override
    public void start(Listener listener) {}

    @Override
    public DeviceStatus status() {
        return status;
    }

    @Override
    public void close() {}
}
