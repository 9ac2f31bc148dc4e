package org.openmusicbox.cloud.mqtt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * One Paho client and the one connection it makes. A message that arrived on it may be acknowledged on it only:
 * a packet id means nothing on another connection.
 */
final class Link {

    final int number;
    final MqttAsyncClient client;

    /** Inbound QoS 1 messages not acknowledged yet, by identity (a message has no equality of its own). */
    final Set<MqttMessage> unacknowledged =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** Publishes handed to this client and not yet acknowledged by the broker; on the connection's loop only. */
    final Set<Outgoing> inFlight = new LinkedHashSet<>();

    /** True once the connection failed or dropped; on the connection's loop only. */
    boolean lost;

    Link(int number, MqttAsyncClient client) {
        this.number = number;
        this.client = client;
    }

    boolean takes() {
        return !lost && client.isConnected();
    }
}
