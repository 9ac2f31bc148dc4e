package org.openmusicbox.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
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

/**
 * A bare MQTT 5 client that reports what the broker answered: the CONNACK, PUBACK and SUBACK reason codes, and
 * every message in arrival order. Each call waits at most {@link #TIMEOUT}.
 */
public final class AclClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** MQTT 5 reason codes the tests expect. */
    public static final int SUCCESS = 0x00;

    /** PUBACK of an accepted message nobody subscribed to. */
    public static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    public static final int GRANTED_QOS_1 = 0x01;
    public static final int NOT_AUTHORIZED = 0x87;

    public record Received(String topic, String payload) {}

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile boolean sessionPresent;

    private AclClient(MqttAsyncClient client) {
        this.client = client;
        client.setCallback(new Collector());
    }

    /** Connects with a clean start; user null connects anonymously. */
    public static AclClient connect(String url, String user, String password, String clientId) throws MqttException {
        return connect(url, user, password, clientId, true);
    }

    /** {@code cleanStart} false keeps the session for 5 minutes after a disconnect. */
    public static AclClient connect(String url, String user, String password, String clientId, boolean cleanStart)
            throws MqttException {
        return connect(url, user, password, clientId, cleanStart, null);
    }

    /** Over {@code ssl://} with the given trust: connects with a clean start. */
    public static AclClient connectTls(String url, String user, String password, String clientId, SocketFactory tls)
            throws MqttException {
        return connect(url, user, password, clientId, true, tls);
    }

    private static AclClient connect(
            String url, String user, String password, String clientId, boolean cleanStart, SocketFactory tls)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(cleanStart ? 0L : 300L);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) TIMEOUT.toSeconds());
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        AclClient acl = new AclClient(client);
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(TIMEOUT.toMillis());
            acl.sessionPresent = token.getSessionPresent();
            return acl;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    /**
     * The reason code of a refused connection: connects, expecting the broker to refuse, and returns the CONNACK
     * reason code. A connection that is accepted fails the test.
     */
    public static int refusal(String url, String user, String password, String clientId) {
        return refusal(url, user, password, clientId, null);
    }

    /** As {@link #refusal(String, String, String, String)}, over {@code ssl://} with the given trust. */
    public static int refusal(String url, String user, String password, String clientId, SocketFactory tls) {
        try (AclClient accepted = connect(url, user, password, clientId, true, tls)) {
            throw new AssertionError("the broker accepted user " + user + " with client id " + clientId);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Publishes with QoS 1 and returns the PUBACK reason code. */
    public int publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage message =
                new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, new MqttProperties());
        try {
            IMqttToken token = client.publish(topic, message);
            token.waitForCompletion(TIMEOUT.toMillis());
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? SUCCESS : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
                return e.getReasonCode();
            }
            throw e;
        }
    }

    public int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload, false);
    }

    /** Subscribes to all filters with QoS 1 in one SUBSCRIBE and returns the SUBACK reason code of each. */
    public List<Integer> subscribe(List<String> filters) throws MqttException {
        MqttSubscription[] subscriptions =
                filters.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new);
        IMqttToken token;
        try {
            token = client.subscribe(subscriptions);
            token.waitForCompletion(TIMEOUT.toMillis());
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
                return filters.stream().map(f -> e.getReasonCode()).toList();
            }
            throw e;
        }
        return Arrays.stream(token.getReasonCodes()).boxed().toList();
    }

    /** The next message, or null after {@link #TIMEOUT}. */
    public Received next() throws InterruptedException {
        return received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Everything that arrived before the broker answered {@code roundTrips} further publishes on {@code topic}.
     * The broker sends one client's packets in order, but Paho's callback thread completes one acknowledged
     * action and then delivers one message per turn, so each round trip flushes at most one message that
     * arrived before it: ask for more round trips than messages that could be pending.
     */
    public List<Received> receivedBefore(int roundTrips, String topic) throws MqttException {
        for (int i = 0; i < roundTrips; i++) {
            publish(topic, "round trip " + i);
        }
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    public boolean sessionPresent() {
        return sessionPresent;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** How often the broker closed this connection. */
    public int disconnects() {
        return disconnects.get();
    }

    public void disconnect() throws MqttException {
        client.disconnect().waitForCompletion(TIMEOUT.toMillis());
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT.toMillis());
            }
            client.close(true);
        } catch (MqttException e) {
            // the test is over
        }
    }

    private final class Collector implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnects.incrementAndGet();
        }

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
