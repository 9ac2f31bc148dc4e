package org.openmusicbox.edge.device;

import java.time.Instant;

/**
 * How a link to something outside the box is doing (the cloud's broker), as health reports it. Unlike a
 * {@link DeviceStatus}, a link that is down is normal on a box that plays without the internet: it is
 * information, never a fault of the box.
 *
 * @param detail what is happening, in words (for {@code offline}, why)
 * @param since when the link entered this state; null when it is disabled
 */
public record LinkStatus(State state, String detail, Instant since) {

    public enum State {
        /** No link is configured. */
        DISABLED,
        /** Trying to connect (the first time, or again after a loss). */
        CONNECTING,
        /** Connected. */
        CONNECTED,
        /** Not connected; {@code detail} says why, and the link keeps trying. */
        OFFLINE
    }

    public LinkStatus {
        if (state == null || detail == null) {
            throw new IllegalArgumentException("a link status needs a state and a detail");
        }
    }

    public static LinkStatus disabled(String detail) {
        return new LinkStatus(State.DISABLED, detail, null);
    }

    public static LinkStatus connecting(String detail, Instant since) {
        return new LinkStatus(State.CONNECTING, detail, since);
    }

    public static LinkStatus connected(String detail, Instant since) {
        return new LinkStatus(State.CONNECTED, detail, since);
    }

    public static LinkStatus offline(String reason, Instant since) {
        return new LinkStatus(State.OFFLINE, reason, since);
    }

    /** The word health shows for this link. */
    public String word() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
