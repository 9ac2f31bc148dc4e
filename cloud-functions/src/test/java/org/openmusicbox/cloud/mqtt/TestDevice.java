package org.openmusicbox.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A device as the cloud sees it: a plain Paho v5 client that publishes on its own topics and collects what the
 * cloud sends it, per topic kind.
 */
public final class TestDevice implements AutoCloseable {

    private final String deviceId;
    private final MqttClient client;
    private final JsonCodec codec = new JsonCodec();
    private final Map<TopicKind, BlockingQueue<MqttMessage>> received = new ConcurrentHashMap<>();

    public TestDevice(String deviceId) {
        this.deviceId = deviceId;
        try {
            client = new MqttClient(TestBroker.URL, "test-device-" + deviceId, new MemoryPersistence());
            client.setCallback(new Collector());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options);
            for (String topic : Topics.deviceSubscriptions(deviceId)) {
                client.subscribe(topic, Topics.QOS);
            }
        } catch (MqttException e) {
            throw new IllegalStateException("Test device " + deviceId + " cannot connect: " + e, e);
        }
    }

    public String deviceId() {
        return deviceId;
    }

    public void publish(TopicKind kind, Object message) {
        publishRaw(kind, codec.toBytes(message));
    }

    public void publishRaw(TopicKind kind, String json) {
        publishRaw(kind, json.getBytes(StandardCharsets.UTF_8));
    }

    public void publishRaw(TopicKind kind, byte[] payload) {
        try {
            client.publish(
                    Topics.topic(deviceId, kind), new MqttMessage(payload, Topics.QOS, false, new MqttProperties()));
        } catch (MqttException e) {
            throw new IllegalStateException("Publishing on " + kind + " failed: " + e, e);
        }
    }

    /** The next message on {@code kind}, read as {@code type}; fails the test when none comes in time. */
    public <T> T next(TopicKind kind, Class<T> type, Duration timeout) {
        String json = nextJson(kind, timeout);
        if (json == null) {
            throw new AssertionError("No message on " + Topics.topic(deviceId, kind) + " within " + timeout);
        }
        return codec.read(json, type);
    }

    /** The next raw message on {@code kind}, or null after {@code timeout}. */
    public String nextJson(TopicKind kind, Duration timeout) {
        MqttMessage message = nextMessage(kind, timeout);
        return message == null ? null : new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    /** The next message on {@code kind} with its MQTT 5 properties, or null after {@code timeout}. */
    public MqttMessage nextMessage(TopicKind kind, Duration timeout) {
        try {
            return queue(kind).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything that arrived on {@code kind} until now. */
    public List<String> drain(TopicKind kind) {
        List<MqttMessage> all = new ArrayList<>();
        queue(kind).drainTo(all);
        return all.stream()
                .map(m -> new String(m.getPayload(), StandardCharsets.UTF_8))
                .toList();
    }

    private BlockingQueue<MqttMessage> queue(TopicKind kind) {
        return received.computeIfAbsent(kind, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // the test is over
        }
    }

    private final class Collector implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            queue(Topics.kindOf(topic)).add(message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
