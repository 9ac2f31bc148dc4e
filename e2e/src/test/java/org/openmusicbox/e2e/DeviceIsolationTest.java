package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.Broker;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.Poll;

/**
 * Issue 15, "who may publish what", with the shipped ACL and raw MQTT clients: device A cannot publish to or read
 * device B's topics, nor connect as B, nor widen its rights with a wildcard client id. Every "nothing arrived" is
 * shown by a later message on the same path that did arrive: MQTT keeps one publisher's order per subscriber.
 */
@ExtendWith(LogsOnFailure.class)
class DeviceIsolationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PREFIX = "omb/v1/devices/";

    @TempDir
    static Path dir;

    static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start(DeviceIsolationTest.class, dir, List.of("box-a", "box-b"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aDevicePublishingOnAnotherDevicesTopicReachesNobody() throws Exception {
        try (Client cloud = Client.cloud(broker, "omb-cloud-watch");
                Client a = Client.device(broker, "box-a", "box-a")) {
            cloud.subscribe(PREFIX + "+/sync/changes");
            a.publish(PREFIX + "box-b/sync/changes", "forged");
            a.publish(PREFIX + "box-a/sync/changes", "own");

            cloud.await(PREFIX + "box-a/sync/changes");
            assertThat(cloud.topics()).containsExactly(PREFIX + "box-a/sync/changes");
        }
    }

    @Test
    void aDeviceSubscribedToAnotherDevicesTopicsReadsNothingOfThem() throws Exception {
        try (Client cloud = Client.cloud(broker, "omb-cloud-speak");
                Client a = Client.device(broker, "box-a", "box-a")) {
            a.subscribe(PREFIX + "box-b/sync/acks");
            a.subscribe(PREFIX + "+/sync/log");
            a.subscribe("#");
            cloud.publish(PREFIX + "box-b/sync/acks", "for b");
            cloud.publish(PREFIX + "box-b/sync/log", "for b");
            cloud.publish(PREFIX + "box-a/sync/log", "for a");

            a.await(PREFIX + "box-a/sync/log");
            assertThat(a.topics()).allMatch(t -> t.startsWith(PREFIX + "box-a/"));
        }
    }

    @Test
    void aDeviceCannotLogInAsAnotherDevice() {
        assertThatThrownBy(() -> Client.connect(broker.deviceUrl(), "box-b", "box-b", Broker.password("box-a")))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void aDeviceUsingAnotherDevicesClientIdIsStillItselfAndLeavesTheOtherConnected() throws Exception {
        try (Client cloud = Client.cloud(broker, "omb-cloud-ids");
                Client b = Client.device(broker, "box-b", "box-b")) {
            b.subscribe(PREFIX + "box-b/commands");
            try (Client a = Client.device(broker, "box-b", "box-a")) {
                a.subscribe(PREFIX + "box-b/commands");
                a.subscribe(PREFIX + "box-a/commands");
                cloud.publish(PREFIX + "box-b/commands", "for b");
                cloud.publish(PREFIX + "box-a/commands", "for a");
                a.await(PREFIX + "box-a/commands");
                b.await(PREFIX + "box-b/commands");
                assertThat(a.topics()).containsExactly(PREFIX + "box-a/commands");
                assertThat(b.connected()).as("box-b kept its connection").isTrue();
            }
        }
    }

    @Test
    void wildcardClientIdsGetNothingBeyondTheirUser() throws Exception {
        for (String clientId : List.of("+", "#", "box-b/#", "box-+")) {
            try (Client cloud = Client.cloud(broker, "omb-cloud-wild")) {
                Client a;
                try {
                    a = Client.device(broker, clientId, "box-a");
                } catch (MqttException refused) {
                    continue; // refused at CONNECT: nothing to widen
                }
                try (a) {
                    a.subscribe(PREFIX + "+/commands");
                    cloud.publish(PREFIX + "box-b/commands", "for b");
                    cloud.publish(PREFIX + "box-a/commands", "for a");
                    a.await(PREFIX + "box-a/commands");
                    assertThat(a.topics()).as("client id " + clientId).containsExactly(PREFIX + "box-a/commands");
                }
            }
        }
    }

    /** A raw Paho client that records the topics of what it receives. */
    private static final class Client implements AutoCloseable, MqttCallback {

        private final MqttClient client;
        private final List<String> topics = new CopyOnWriteArrayList<>();

        private Client(MqttClient client) {
            this.client = client;
        }

        static Client cloud(Broker broker, String clientId) throws MqttException {
            return connect(broker.cloudUrl(), clientId, Broker.CLOUD_USER, Broker.CLOUD_PASSWORD);
        }

        static Client device(Broker broker, String clientId, String user) throws MqttException {
            return connect(broker.deviceUrl(), clientId, user, Broker.password(user));
        }

        static Client connect(String url, String clientId, String user, String password) throws MqttException {
            MqttClient raw = new MqttClient(url, clientId, new MemoryPersistence());
            Client client = new Client(raw);
            raw.setCallback(client);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            options.setCleanStart(true);
            options.setConnectionTimeout(10);
            raw.connect(options);
            return client;
        }

        void subscribe(String filter) throws MqttException {
            client.subscribe(filter, 1);
        }

        void publish(String topic, String text) throws MqttException {
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, false);
        }

        void await(String topic) {
            Poll.until("a message on " + topic, WAIT, () -> topics.contains(topic), topics::toString);
        }

        List<String> topics() {
            return List.copyOf(topics);
        }

        boolean connected() {
            return client.isConnected();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            topics.add(topic);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
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
