package org.openmusicbox.edge.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The cloud's side of one box, as small as a test needs: a Paho client with a persistent session subscribed to the
 * box's {@code sync/changes}, {@code sync/pull} and {@code commands/replies}. It keeps what arrives (with each raw
 * payload's size), answers each batch as {@link #answer} decides (all {@code applied} unless told otherwise, or
 * nothing), and publishes the logs and commands a test hands it. It reconnects by itself after a broker restart.
 */
public final class FakeCloud implements AutoCloseable {

    private static final JsonCodec JSON = new JsonCodec();

    private final MqttAsyncClient client;
    private final String deviceId;
    private final Object lock = new Object();
    private final List<SyncChanges> batches = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final List<SyncPull> pulls = new ArrayList<>();
    private final List<CommandReply> replies = new ArrayList<>();

    /** The answer to a batch, or null to send none (a lost ack). */
    private volatile Function<SyncChanges, SyncAcks> answer = FakeCloud::allApplied;

    private FakeCloud(MqttAsyncClient client, String deviceId) {
        this.client = client;
        this.deviceId = deviceId;
    }

    public static FakeCloud of(String url, String deviceId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                url, "fake-cloud-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        FakeCloud cloud = new FakeCloud(client, deviceId);
        client.setCallback(cloud.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 1);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {
                    new MqttSubscription(Topics.syncChanges(deviceId), 1),
                    new MqttSubscription(Topics.syncPull(deviceId), 1),
                    new MqttSubscription(Topics.commandReplies(deviceId), 1)
                })
                .waitForCompletion(10_000);
        return cloud;
    }

    public static SyncAcks allApplied(SyncChanges batch) {
        return new SyncAcks(batch.changes().stream()
                .map(c -> SyncResult.of(c.changeId(), SyncOutcome.APPLIED))
                .toList());
    }

    /** How the next batches are answered; a function that returns null answers nothing. */
    public void answer(Function<SyncChanges, SyncAcks> answer) {
        this.answer = answer;
    }

    public void log(SyncLog page) throws MqttException {
        client.publish(Topics.syncLog(deviceId), JSON.toBytes(page), 1, false).waitForCompletion(10_000);
    }

    /** Answers a batch by hand, as a late answer. */
    public void ack(SyncAcks acks) throws MqttException {
        client.publish(Topics.syncAcks(deviceId), JSON.toBytes(acks), 1, false).waitForCompletion(10_000);
    }

    /** Any bytes on one of the box's topics, as a broken cloud would send. */
    public void raw(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(10_000);
    }

    public void command(DeviceCommand command) throws MqttException {
        client.publish(Topics.commands(deviceId), JSON.toBytes(command), 1, false)
                .waitForCompletion(10_000);
    }

    public List<SyncChanges> batches() {
        synchronized (lock) {
            return List.copyOf(batches);
        }
    }

    /** The payload size of each batch, in bytes as the broker carried them. */
    public List<Integer> sizes() {
        synchronized (lock) {
            return List.copyOf(sizes);
        }
    }

    /** Every change id received, in the order received, a resent one again. */
    public List<String> changeIds() {
        synchronized (lock) {
            return batches.stream()
                    .flatMap(b -> b.changes().stream())
                    .map(c -> c.changeId())
                    .toList();
        }
    }

    public List<SyncPull> pulls() {
        synchronized (lock) {
            return List.copyOf(pulls);
        }
    }

    public List<CommandReply> replies() {
        synchronized (lock) {
            return List.copyOf(replies);
        }
    }

    /** Waits until {@code done} holds for this cloud; fails after {@code deadline}, saying {@code what}. */
    public void await(Predicate<FakeCloud> done, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (lock) {
            while (!done.test(this)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the fake cloud saw no " + what + " within " + deadline + "; pulls "
                            + pulls + ", " + batches.size() + " batches, change ids " + changeIds());
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws MqttException {
            byte[] payload = message.getPayload();
            switch (Topics.kindOf(topic)) {
                case SYNC_CHANGES:
                    SyncChanges batch = JSON.read(payload, SyncChanges.class);
                    SyncAcks acks = answer.apply(batch);
                    synchronized (lock) {
                        batches.add(batch);
                        sizes.add(payload.length);
                        lock.notifyAll();
                    }
                    if (acks != null) {
                        client.publish(Topics.syncAcks(deviceId), JSON.toBytes(acks), 1, false);
                    }
                    break;
                case SYNC_PULL:
                    SyncPull pull = JSON.read(payload, SyncPull.class);
                    synchronized (lock) {
                        pulls.add(pull);
                        lock.notifyAll();
                    }
                    break;
                case COMMAND_REPLIES:
                    CommandReply reply = JSON.read(payload, CommandReply.class);
                    synchronized (lock) {
                        replies.add(reply);
                        lock.notifyAll();
                    }
                    break;
                default:
                    throw new IllegalStateException("not subscribed to " + topic);
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
}
