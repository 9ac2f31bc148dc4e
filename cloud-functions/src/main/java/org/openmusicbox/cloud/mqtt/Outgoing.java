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
    private final Envelope envelope;
    private final MonoSink<Void> sink;

    /** The connection it was last handed to; null while it waits for one. Touched on the connection's loop only. */
    Link sentOn;

    Outgoing(String topic, byte[] payload, Envelope envelope, MonoSink<Void> sink) {
        this.topic = topic;
        this.payload = payload;
        this.envelope = envelope;
        this.sink = sink;
    }

    MqttMessage message() {
        MqttProperties properties = new MqttProperties();
        if (envelope.responseTopic() != null) {
            properties.setResponseTopic(envelope.responseTopic());
        }
        if (envelope.correlationData() != null) {
            properties.setCorrelationData(envelope.correlationData());
        }
        if (envelope.expirySeconds() != null) {
            properties.setMessageExpiryInterval(envelope.expirySeconds());
        }
        return new MqttMessage(payload, 1, envelope.retained(), properties);
    }

    void delivered() {
        sink.success();
    }

    void failed(Throwable cause) {
        sink.error(new MqttConnection.PublishFailed(topic, cause));
    }
}
