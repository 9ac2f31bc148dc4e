package org.openmusicbox.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one Paho v5 client of this instance: a persistent session (clean start off, session expiry), automatic
 * reconnect, manual acknowledgements, and a receive maximum so the broker never has more than
 * {@code maxInFlight} unacknowledged messages out to us. Publishing and subscribing go through here; what
 * arrives is handed to one {@link Inbound} listener.
 */
public final class MqttConnection {

    /** Receives every message; must return quickly and never throw. */
    public interface Inbound {
        void arrived(String topic, MqttMessage message);

        /** Called after every (re)connect; the session may already hold our subscriptions. */
        void connected(boolean reconnect);
    }

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    static final long RANDOM_ID_SESSION_EXPIRY_S = 60;

    private final org.openmusicbox.cloud.config.MqttProperties properties;
    private final String clientId;
    private final MqttAsyncClient client;

    public MqttConnection(org.openmusicbox.cloud.config.MqttProperties properties) {
        this.properties = properties;
        this.clientId = properties.stableClientId()
                ? properties.clientId()
                : "omb-cloud-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            // The session state that matters (subscriptions, queued and unacknowledged messages) lives in the
            // broker; the client keeps only its outgoing in-flight messages, in memory.
            this.client = new MqttAsyncClient(properties.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot create the MQTT client for " + properties.url(), e);
        }
        client.setManualAcks(true);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        buffer.setPersistBuffer(false);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
    }

    public String clientId() {
        return clientId;
    }

    /**
     * The configured expiry for a stable client id. A random id never comes back after a crash, and the broker
     * would go on queueing this instance's share of the messages into its orphaned session until it expires: at
     * most {@value #RANDOM_ID_SESSION_EXPIRY_S} s then, enough to ride out a network blip.
     */
    long sessionExpirySeconds() {
        long configured = properties.sessionExpiry().toSeconds();
        return properties.stableClientId() ? configured : Math.min(configured, RANDOM_ID_SESSION_EXPIRY_S);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Connects (waiting at most {@code timeoutMs}); the client reconnects by itself afterwards. */
    public void connect(Inbound inbound, long timeoutMs) {
        client.setCallback(new Callback(inbound));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setReceiveMaximum(properties.maxInFlight());
        options.setKeepAliveInterval(30);
        if (properties.username() != null) {
            options.setUserName(properties.username());
        }
        if (properties.password() != null) {
            options.setPassword(properties.password().getBytes(StandardCharsets.UTF_8));
        }
        try {
            client.connect(options).waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot connect to the MQTT broker at " + properties.url() + ": " + e, e);
        }
    }

    public void subscribe(List<String> filters, int qos) {
        MqttSubscription[] subscriptions = filters.stream()
                .map(filter -> new MqttSubscription(filter, qos))
                .toArray(MqttSubscription[]::new);
        try {
            IMqttToken token = client.subscribe(subscriptions);
            token.waitForCompletion(TimeUnit.SECONDS.toMillis(10));
            int[] granted = token.getReasonCodes();
            for (int i = 0; i < granted.length && i < subscriptions.length; i++) {
                if (granted[i] > 2) {
                    throw new IllegalStateException("The broker refused the subscription " + filters.get(i)
                            + " (reason code " + granted[i] + ")");
                }
            }
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot subscribe to " + filters + ": " + e, e);
        }
    }

    public void unsubscribe(List<String> filters) {
        try {
            client.unsubscribe(filters.toArray(String[]::new)).waitForCompletion(TimeUnit.SECONDS.toMillis(5));
        } catch (MqttException e) {
            log.warn("Cannot unsubscribe from {}: {}", filters, e.toString());
        }
    }

    /**
     * Publishes with QoS 1; completes when the broker acknowledged it (PUBACK). While the connection is down
     * the message waits in the client's buffer and is sent after the reconnect.
     */
    public Mono<Void> publish(String topic, byte[] payload) {
        return publish(topic, payload, null, null);
    }

    /** {@link #publish(String, byte[])} with the MQTT 5 request/response properties of a command. */
    public Mono<Void> publish(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        return Mono.create(sink -> {
            MqttProperties publishProperties = new MqttProperties();
            if (responseTopic != null) {
                publishProperties.setResponseTopic(responseTopic);
            }
            if (correlationData != null) {
                publishProperties.setCorrelationData(correlationData);
            }
            MqttMessage message = new MqttMessage(payload, 1, false, publishProperties);
            try {
                client.publish(topic, message, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        sink.success();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        sink.error(new PublishFailed(topic, failure));
                    }
                });
            } catch (MqttException e) {
                sink.error(new PublishFailed(topic, e));
            }
        });
    }

    /** Tells the broker we are done with an inbound message (PUBACK); it is not sent again. */
    public void acknowledge(MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            // The connection dropped: the broker sends the message again on the next connect (same session).
            log.warn("Cannot acknowledge message {}: {}; the broker will send it again", message.getId(), e.toString());
        }
    }

    /**
     * Disconnects. With {@code keepSession} false the broker drops the session at once (asked by setting its
     * expiry to 0 in DISCONNECT), so a random client id does not leave an orphaned session behind.
     */
    public void disconnect(boolean keepSession) {
        try {
            if (client.isConnected()) {
                MqttProperties disconnectProperties = new MqttProperties();
                if (!keepSession) {
                    disconnectProperties.setSessionExpiryInterval(0L);
                }
                client.disconnect(5_000, null, null, 0, disconnectProperties).waitForCompletion(6_000);
            }
        } catch (MqttException e) {
            log.warn("MQTT disconnect: {}", e.toString());
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException ignored) {
                // already gone
            }
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("MQTT close: {}", e.toString());
            }
        }
    }

    /** Closes the socket without a DISCONNECT packet (a crash, as the broker sees it); no reconnect follows. */
    void abort() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            log.debug("MQTT abort: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }

    /** The broker did not take a message (connection lost, client closed); it was not delivered. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String topic, Throwable cause) {
            super("Publishing to " + topic + " failed: " + cause, cause);
        }
    }

    private final class Callback implements MqttCallback {
        private final Inbound inbound;

        Callback(Inbound inbound) {
            this.inbound = inbound;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // An exception thrown here would make Paho drop the connection: the listener catches everything.
            try {
                inbound.arrived(topic, message);
            } catch (RuntimeException e) {
                log.error("Message on {} could not be dispatched; it stays unacknowledged", topic, e);
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            log.info("MQTT {} to {} as {}", reconnect ? "reconnected" : "connected", serverUri, clientId);
            try {
                inbound.connected(reconnect);
            } catch (RuntimeException e) {
                log.error("After connecting to {}", serverUri, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("MQTT connection lost ({}); reconnecting", response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error: {}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish() completes its Mono through its own action listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
