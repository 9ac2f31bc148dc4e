package org.openmusicbox.cloud.relay;

import java.util.Set;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;

/**
 * {@link BoxEvents} handed on to the sockets once they exist: the broker link is made first (the sockets send their
 * commands through it), and what it hears before then concerns no connected phone.
 */
public final class LateEvents implements BoxEvents {

    private volatile BoxEvents target;

    public void set(BoxEvents target) {
        this.target = target;
    }

    @Override
    public void dropped(String deviceId, Set<String> phoneIds) {
        BoxEvents t = target;
        if (t != null) {
            t.dropped(deviceId, phoneIds);
        }
    }

    @Override
    public void mirrored(String deviceId, RemoteState state) {
        BoxEvents t = target;
        if (t != null) {
            t.mirrored(deviceId, state);
        }
    }
}
