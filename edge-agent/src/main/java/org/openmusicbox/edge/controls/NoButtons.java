package org.openmusicbox.edge.controls;

import org.openmusicbox.edge.device.DeviceStatus;

/** A box built without buttons ({@code omb.controls.enabled=false}): nothing to read, and health says so. */
public final class NoButtons implements Buttons {

    @Override
    public void start(Listener listener) {
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.disabled("Buttons turned off (omb.controls.enabled=false)");
    }

    @Override
    public void close() {
    }
}
