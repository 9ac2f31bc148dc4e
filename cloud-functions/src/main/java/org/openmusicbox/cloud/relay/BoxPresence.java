package org.openmusicbox.cloud.relay;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.openmusicbox.protocol.v1.mqtt.Presence;

/**
 * Each box's retained {@code presence}: a box is online only while its last word says so. A box never heard of is
 * offline, so a request for it is refused at once rather than waiting for an answer that cannot come.
 */
public final class BoxPresence {

    private final ConcurrentMap<String, Presence.Status> statuses = new ConcurrentHashMap<>();

    public boolean online(String deviceId) {
        return statuses.get(deviceId) == Presence.Status.ONLINE;
    }

    /** {@code presence} null: the retained message was cleared. */
    public void update(String deviceId, Presence presence) {
        if (presence == null) {
            statuses.remove(deviceId);
        } else {
            statuses.put(deviceId, presence.status());
        }
    }
}
