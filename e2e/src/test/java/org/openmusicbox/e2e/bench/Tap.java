package org.openmusicbox.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.e2e.harness.Broker;
import org.openmusicbox.e2e.harness.Http;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * Watches one box's {@code sync/changes} and {@code sync/acks} through the broker's test-only tap login: what the
 * broker passed on, when, in how many messages, and how many results each change got. The broker forwards a publish
 * to subscribers when it has taken it, so the arrival times here follow the box's publishes (PUBACKs) closely.
 */
final class Tap implements AutoCloseable {

    private final MqttClient client;
    private final String changesTopic;
    private final Map<String, Integer> sent = new HashMap<>();
    private final Map<String, Integer> answered = new HashMap<>();
    private long changeMessages;
    private long changesSent;
    private long firstChangeNs;
    private long lastChangeNs;
    private long ackMessages;
    private long lastAckNs;
    /** The messages and changes that went out before the first result came back: the box's unhindered publishing. */
    private long burstMessages;

    private long burstChanges;
    private long burstLastNs;

    Tap(Broker broker, String deviceId) throws MqttException {
        changesTopic = Topics.syncChanges(deviceId);
        client = new MqttClient(broker.cloudUrl(), "bench-tap-" + deviceId, new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(Broker.TAP_USER);
        options.setPassword(Broker.TAP_PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setReceiveMaximum(65_535);
        client.connect(options);
        client.subscribe(new String[] {changesTopic, Topics.syncAcks(deviceId)}, new int[] {1, 1});
    }

    private synchronized void arrived(String topic, byte[] payload) throws java.io.IOException {
        long now = System.nanoTime();
        JsonNode message = Http.JSON.readTree(payload);
        if (topic.equals(changesTopic)) {
            if (changeMessages++ == 0) {
                firstChangeNs = now;
            }
            lastChangeNs = now;
            int n = message.path("changes").size();
            for (JsonNode c : message.path("changes")) {
                changesSent++;
                sent.merge(c.path("change_id").asText(), 1, Integer::sum);
            }
            if (ackMessages == 0) {
                burstMessages++;
                burstChanges += n;
                burstLastNs = now;
            }
        } else {
            ackMessages++;
            lastAckNs = now;
            for (JsonNode r : message.path("results")) {
                answered.merge(r.path("change_id").asText(), 1, Integer::sum);
            }
        }
    }

    synchronized long changeMessages() {
        return changeMessages;
    }

    synchronized long changesSent() {
        return changesSent;
    }

    /** Seconds from the first to the last {@code sync/changes} message seen. */
    synchronized double publishSeconds() {
        return (lastChangeNs - firstChangeNs) / 1e9;
    }

    synchronized long burstMessages() {
        return burstMessages;
    }

    synchronized long burstChanges() {
        return burstChanges;
    }

    /** Seconds from the first message to the last one that went out before any result. */
    synchronized double burstSeconds() {
        return (burstLastNs - firstChangeNs) / 1e9;
    }

    synchronized long firstChangeNs() {
        return firstChangeNs;
    }

    synchronized long lastAckNs() {
        return lastAckNs;
    }

    synchronized long ackMessages() {
        return ackMessages;
    }

    synchronized int distinctSent() {
        return sent.size();
    }

    /** Changes sent that got no result yet. */
    synchronized long unanswered() {
        return sent.keySet().stream().filter(id -> !answered.containsKey(id)).count();
    }

    /**
     * Changes answered more than once, or answered without having been seen going out. A change sent again after
     * its results were late is answered twice by design (the second time {@code duplicate}); the count shows it.
     */
    synchronized long answeredTwice() {
        return answered.entrySet().stream()
                .filter(e -> e.getValue() > 1 || !sent.containsKey(e.getKey()))
                .count();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            arrived(topic, message.getPayload());
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
}
