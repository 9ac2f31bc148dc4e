package org.openmusicbox.edge.device;

/**
 * How a piece of hardware is doing, as health reports it. A reader or sound card that fails is a
 * status with a reason, never a crash: the box keeps playing what it can.
 */
public record DeviceStatus(State state, String detail) {

    public enum State {
        /** Real hardware, working. */
        AVAILABLE,
        /** No hardware; a stand-in driven over HTTP is used (the simulated NFC reader). */
        SIMULATED,
        /** No sound device; audio is decoded and discarded. */
        SILENT,
        /** Hardware expected but not working; {@code detail} says why. */
        FAILED,
        /** Turned off in the settings. */
        DISABLED
    }

    public static DeviceStatus available(String detail) {
        return new DeviceStatus(State.AVAILABLE, detail);
    }

    public static DeviceStatus simulated(String detail) {
        return new DeviceStatus(State.SIMULATED, detail);
    }

    public static DeviceStatus silent(String detail) {
        return new DeviceStatus(State.SILENT, detail);
    }

    public static DeviceStatus disabled(String detail) {
        return new DeviceStatus(State.DISABLED, detail);
    }

    public static DeviceStatus failed(String detail) {
        return new DeviceStatus(State.FAILED, detail);
    }

    /** The word health shows for this component. */
    public String word() {
        return state.name().toLowerCase();
    }
}
