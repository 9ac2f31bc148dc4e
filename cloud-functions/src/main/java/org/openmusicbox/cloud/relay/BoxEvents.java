package org.openmusicbox.cloud.relay;

import java.util.Set;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;

/** What the broker tells the relay about a box that concerns the phones connected to it. */
public interface BoxEvents {

    /** The box's new phone list no longer lets these phones in: their connections go. */
    void dropped(String deviceId, Set<String> phoneIds);

    /** One event the box sent its own clients, for this relay's viewers of that box. */
    void mirrored(String deviceId, RemoteState state);
}
