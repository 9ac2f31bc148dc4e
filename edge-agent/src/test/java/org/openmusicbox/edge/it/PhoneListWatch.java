package org.openmusicbox.edge.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** A relay's view of one box's {@code remote/phones}: every message, as text and read, with its retained flag. */
final class PhoneListWatch implements AutoCloseable {

    record Seen(RemotePhones list, String text, boolean retained) {}

    private static final JsonCodec JSON = new JsonCodec();

    private final MqttAsyncClient client;
    private final List<Seen> seen = new ArrayList<>();

    private PhoneListWatch(MqttAsyncClient client) {
        this.client = client;
    }

    /** Subscribes at once: a retained list arrives first. */
    static PhoneListWatch of(String url, String deviceId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                url, "relay-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        PhoneListWatch watch = new PhoneListWatch(client);
        client.setCallback(watch.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(Topics.remotePhones(deviceId), Topics.QOS).waitForCompletion(10_000);
        return watch;
    }

    /** The first message since the watch began that meets {@code wanted}; fails after {@code deadline}. */
    Seen await(Predicate<Seen> wanted, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (seen) {
            while (true) {
                for (Seen s : seen) {
                    if (wanted.test(s)) {
                        return s;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no phone list " + what + " within " + deadline + "; got " + seen);
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    List<Seen> all() {
        synchronized (seen) {
            return List.copyOf(seen);
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
        public void messageArrived(String topic, MqttMessage message) {
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            Seen s = new Seen(JSON.read(message.getPayload(), RemotePhones.class), text, message.isRetained());
            synchronized (seen) {
                seen.add(s);
                seen.notifyAll();
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
