package org.openmusicbox.cloud.mqtt;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho client and the one connection it makes. A message that arrived on it may be acknowledged on it only:
 * a packet id means nothing on another connection.
 */
final class Link {

    private static final Logger log = LoggerFactory.getLogger(Link.class);

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

    /** Closes the client without a DISCONNECT packet; what it had in flight is forgotten with it. */
    void shut() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT forced disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }

    boolean takes() {
        return !lost && client.isConnected();
    }
}
