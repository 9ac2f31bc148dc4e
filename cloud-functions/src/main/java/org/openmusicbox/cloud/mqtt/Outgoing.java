package org.openmusicbox.cloud.mqtt;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import reactor.core.publisher.MonoSink;

/**
 * One QoS 1 publish until the broker acknowledged it, on whichever connection that happens. It keeps the bytes
 * and properties rather than a Paho message: Paho writes a packet id into the message it sends, and a message
 * sent again on a new connection must start without the old connection's state.
 */
final class Outgoing {

    final String topic;
    private final byte[] payload;
    private final String responseTopic;
    private final byte[] correlationData;
    private final MonoSink<Void> sink;

    /** The connection it was last handed to; null while it waits for one. Touched on the connection's loop only. */
    Link sentOn;

    Outgoing(String topic, byte[] payload, String responseTopic, byte[] correlationData, MonoSink<Void> sink) {
        this.topic = topic;
        this.payload = payload;
        this.responseTopic = responseTopic;
        this.correlationData = correlationData;
        this.sink = sink;
    }

    MqttMessage message() {
        MqttProperties properties = new MqttProperties();
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
        }
        if (correlationData != null) {
            properties.setCorrelationData(correlationData);
        }
        return new MqttMessage(payload, 1, false, properties);
    }

    void delivered() {
        sink.success();
    }

    void failed(Throwable cause) {
        sink.error(new MqttConnection.PublishFailed(topic, cause));
    }
}
