package org.openmusicbox.e2e.bench;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.openmusicbox.e2e.harness.Broker;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.Hlc;

/**
 * A box as the cloud sees it, without the edge agent: a raw Paho MQTT 5 client with its own login on the device
 * listener, which publishes {@code sync/changes} batches one after the other (the next when every result of the
 * last has come) and then pulls its whole log. Records, per change, the time from publish to its result.
 */
final class SimulatedBox implements AutoCloseable {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final long ANSWER_TIMEOUT_MS = 120_000;

    private final String deviceId;
    private final MqttClient client;
    private final Hlc clock = new Hlc(System::currentTimeMillis);
    private final List<String> playlists = new ArrayList<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private final Map<String, Integer> results = new HashMap<>();
    private final List<Double> latenciesMs = new ArrayList<>();
    private int rejected;
    private int waitingFor;
    private SyncLog page;
    private String pullId;

    SimulatedBox(Broker broker, String deviceId) throws MqttException {
        this.deviceId = deviceId;
        for (int i = 0; i < 10; i++) {
            playlists.add(UUID.randomUUID().toString());
        }
        client = new MqttClient(broker.deviceUrl(), deviceId, new MemoryPersistence());
        client.setCallback(new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(deviceId);
        options.setPassword(Broker.password(deviceId).getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setConnectionTimeout(60);
        client.connect(options);
        client.subscribe(new String[] {Topics.syncAcks(deviceId), Topics.syncLog(deviceId)}, new int[] {1, 1});
    }

    /** Publishes {@code batches} batches of {@code size} title changes, each after the last one's results. */
    void publish(int batches, int size) throws Exception {
        for (int b = 0; b < batches; b++) {
            List<SyncChange> changes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                changes.add(new SyncChange(
                        UUID.randomUUID().toString(),
                        Entity.PLAYLIST,
                        playlists.get(i % playlists.size()),
                        "title",
                        TextNode.valueOf("t" + b + "-" + i),
                        Long.toString(clock.now()),
                        deviceId));
            }
            byte[] payload = CODEC.toBytes(new SyncChanges(deviceId, changes));
            synchronized (this) {
                long now = System.nanoTime();
                changes.forEach(c -> publishedAt.put(c.changeId(), now));
                waitingFor = size;
            }
            client.publish(Topics.syncChanges(deviceId), payload, 1, false);
            await(() -> waitingFor <= 0, "results of batch " + b);
        }
    }

    /** Pulls the whole log from 0, page by page; returns the entries this box sent itself. */
    int pullLog() throws Exception {
        long after = 0;
        int own = 0;
        while (true) {
            String id = "bench-" + UUID.randomUUID();
            synchronized (this) {
                pullId = id;
                page = null;
            }
            client.publish(
                    Topics.syncPull(deviceId),
                    CODEC.toBytes(new SyncPull(deviceId, id, after, SyncPull.MAX_LIMIT)),
                    1,
                    false);
            await(() -> page != null, "the log page after " + after);
            SyncLog answer;
            synchronized (this) {
                answer = page;
            }
            own += (int) answer.entries().stream()
                    .filter(e -> e.change().origin().equals(deviceId))
                    .count();
            after = answer.next();
            if (!answer.more()) {
                return own;
            }
        }
    }

    private synchronized void await(java.util.function.BooleanSupplier done, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_TIMEOUT_MS);
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(
                        deviceId + ": no answer within " + ANSWER_TIMEOUT_MS + " ms for " + what);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private synchronized void arrived(String topic, byte[] payload) {
        long now = System.nanoTime();
        if (topic.equals(Topics.syncAcks(deviceId))) {
            for (SyncResult r : CODEC.read(payload, SyncAcks.class).results()) {
                int seen = results.merge(r.changeId(), 1, Integer::sum);
                Long sent = publishedAt.get(r.changeId());
                if (seen == 1 && sent != null) {
                    latenciesMs.add((now - sent) / 1e6);
                    waitingFor--;
                }
                if (r.reason() != null) {
                    rejected++;
                }
            }
        } else {
            SyncLog log = CODEC.read(payload, SyncLog.class);
            if (log.requestId().equals(pullId)) {
                page = log;
            }
        }
        notifyAll();
    }

    synchronized List<Double> latenciesMs() {
        return List.copyOf(latenciesMs);
    }

    /** Changes published that got no result or more than one, and results for changes never published. */
    synchronized int notAnsweredOnce() {
        int wrong = (int) publishedAt.keySet().stream()
                .filter(id -> results.getOrDefault(id, 0) != 1)
                .count();
        return wrong
                + (int) results.keySet().stream()
                        .filter(id -> !publishedAt.containsKey(id))
                        .count();
    }

    synchronized int rejected() {
        return rejected;
    }

    synchronized int published() {
        return publishedAt.size();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
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
