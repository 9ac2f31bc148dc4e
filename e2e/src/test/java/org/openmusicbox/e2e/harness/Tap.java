package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The broker's test-only {@link Broker#TAP_USER} on the cloud listener: records what the box and the cloud send each
 * other on the topics it watches, and publishes messages again as if their sender had. It subscribes with no-local,
 * so what it publishes itself is never recorded as traffic.
 */
public final class Tap implements AutoCloseable, MqttCallback {

    /** One message as it crossed the broker, in the order the tap received it, and when ({@link System#nanoTime}). */
    public record Message(String topic, byte[] payload, long receivedNanos) {
        public JsonNode json() {
            try {
                return Http.JSON.readTree(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + topic + ": " + text(), e);
            }
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Message> seen = new CopyOnWriteArrayList<>();

    private Tap(MqttClient client) {
        this.client = client;
    }

    /** Connects as the tap and subscribes to {@code topics} (QoS 1, no-local) before returning. */
    public static Tap watch(Broker broker, String... topics) {
        try {
            MqttClient raw = new MqttClient(broker.cloudUrl(), "e2e-tap-" + System.nanoTime(), new MemoryPersistence());
            Tap tap = new Tap(raw);
            raw.setCallback(tap);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(Broker.TAP_USER);
            options.setPassword(Broker.TAP_PASSWORD.getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setConnectionTimeout(30);
            raw.connect(options);
            for (String topic : topics) {
                MqttSubscription subscription = new MqttSubscription(topic, 1);
                subscription.setNoLocal(true);
                raw.subscribe(new MqttSubscription[] {subscription});
            }
            return tap;
        } catch (MqttException e) {
            throw new IllegalStateException("the tap cannot connect to " + broker.cloudUrl(), e);
        }
    }

    /** Everything recorded on {@code topic} so far, oldest first. */
    public List<Message> on(String topic) {
        return seen.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** Everything recorded after the mark {@code from} (a {@link #count()}), whatever its topic. */
    public List<Message> since(int from) {
        List<Message> all = List.copyOf(seen);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** How many messages were recorded on any topic: a mark to read only what came after it. */
    public int count() {
        return seen.size();
    }

    /** What was recorded on {@code topic} after the mark {@code from} (a {@link #count()}). */
    public List<Message> since(int from, String topic) {
        List<Message> all = List.copyOf(seen);
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(m -> m.topic().equals(topic))
                .toList();
    }

    /** What was recorded on {@code topic} before the mark {@code upTo} (a {@link #count()}). */
    public List<Message> before(int upTo, String topic) {
        List<Message> all = List.copyOf(seen);
        return all.subList(0, Math.min(upTo, all.size())).stream()
                .filter(m -> m.topic().equals(topic))
                .toList();
    }

    /**
     * Publishes at QoS 1 and returns once the broker has acknowledged it: by then the broker has queued it for its
     * subscribers, ahead of anything published later.
     */
    public void publish(Message message) {
        try {
            client.publish(message.topic(), message.payload(), 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException("the tap cannot publish on " + message.topic(), e);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        seen.add(new Message(topic, message.getPayload(), System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            throw new IllegalStateException("the tap did not close", e);
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
