package org.openmusicbox.edge.sync.paho;

import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishing on one connection while it lasts; never waits. Once that connection is gone, {@code client} gives
 * null and nothing is published: a later connection's packet ids and topic aliases are its own.
 */
final class ConnectionOutlet implements Outlet {

    private static final Logger log = LoggerFactory.getLogger(ConnectionOutlet.class);

    private final Supplier<MqttAsyncClient> client;

    ConnectionOutlet(Supplier<MqttAsyncClient> client) {
        this.client = client;
    }

    @Override
    public boolean publish(String topic, byte[] payload) {
        return send(topic, payload, Topics.QOS, false, null);
    }

    @Override
    public boolean publishRetained(String topic, byte[] payload) {
        return send(topic, payload, Topics.QOS, true, null);
    }

    @Override
    public boolean publishAtMostOnce(String topic, byte[] payload) {
        return send(topic, payload, 0, false, null);
    }

    @Override
    public boolean reply(String topic, byte[] payload, byte[] correlationData) {
        return send(topic, payload, Topics.QOS, false, correlationData);
    }

    private boolean send(String topic, byte[] payload, int qos, boolean retained, byte[] correlationData) {
        MqttAsyncClient current = client.get();
        if (current == null || !current.isConnected()) {
            return false;
        }
        try {
            MqttProperties properties = new MqttProperties();
            if (correlationData != null) {
                properties.setCorrelationData(correlationData);
            }
            current.publish(topic, new MqttMessage(payload, qos, retained, properties));
            return true;
        } catch (MqttException | RuntimeException e) {
            // Too many messages in flight, or the connection just went: the caller tries again later.
            log.debug("Cloud link: not published on {}: {}", topic, e.toString());
            return false;
        }
    }
}
