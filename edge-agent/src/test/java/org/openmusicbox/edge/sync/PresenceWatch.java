package org.openmusicbox.edge.sync;

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
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A second MQTT client, as the cloud's dashboard would be: subscribes to one device's presence topic and keeps
 * every message it gets, with whether the broker sent it as retained.
 */
public final class PresenceWatch implements AutoCloseable {

    /** One presence message as received. */
    public record Seen(Presence presence, boolean retained) {}

    private static final JsonCodec JSON = new JsonCodec();

    private final MqttAsyncClient client;
    private final List<Seen> seen = new ArrayList<>();

    private PresenceWatch(MqttAsyncClient client) {
        this.client = client;
    }

    /** Subscribes at once: a retained presence arrives first. */
    public static PresenceWatch of(String url, String deviceId, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                url, "watch-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        PresenceWatch watch = new PresenceWatch(client);
        client.setCallback(watch.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(Topics.presence(deviceId), Topics.QOS).waitForCompletion(10_000);
        return watch;
    }

    public static PresenceWatch of(String url, String deviceId) throws MqttException {
        return of(url, deviceId, null, null);
    }

    /** The first message since the watch began that meets {@code wanted}; fails after {@code deadline}. */
    public Seen await(Predicate<Seen> wanted, Duration deadline, String what) throws InterruptedException {
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
                    throw new AssertionError("no presence message " + what + " within " + deadline + "; got " + seen);
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public List<Seen> all() {
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
            if (message.getPayload().length == 0) {
                return;
            }
            Seen s = new Seen(JSON.read(message.getPayload(), Presence.class), message.isRetained());
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
