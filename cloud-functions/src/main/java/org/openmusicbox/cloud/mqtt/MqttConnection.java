package org.openmusicbox.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
 * The MQTT 5 link of this instance: a persistent session (clean start off, session expiry), manual
 * acknowledgements, and a receive maximum so the broker never has more than {@code maxInFlight} unacknowledged
 * messages out to us. Publishing and subscribing go through here; what arrives is handed to one {@link Inbound}.
 *
 * <p>Every connection gets a new Paho client with empty in-memory persistence, and this class reconnects by itself
 * (after 1 s, doubling up to 30 s) instead of Paho. Paho gives outgoing messages MQTT 5 topic aliases whenever the
 * broker allows them, and its automatic reconnect sends the messages still in flight again with aliases the new
 * connection never set up: the broker answers with a protocol error, on every reconnect. A new client carries
 * nothing of the old connection (no packet ids, no alias table); the broker's session carries what matters.
 *
 * <p>A publish completes when the broker acknowledged it, on whichever connection that happens; until then it
 * waits in the {@link PublishQueue}, also across reconnects, so it waits as long as an outage lasts (a caller that
 * cannot wait puts a timeout on the Mono). It fails with {@link PublishFailed} when {@value #WAITING_MAX} already
 * wait or once the connection is closed.
 *
 * <p>Connecting, reconnecting and the publish queue run on one thread, the loop.
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
    static final int WAITING_MAX = 1_000;
    static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
    static final Duration LAST_RECONNECT = Duration.ofSeconds(30);
    private static final long RECONNECT_TIMEOUT_MS = 15_000;

    private final org.openmusicbox.cloud.config.MqttProperties properties;
    private final String clientId;
    private final javax.net.SocketFactory sockets;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "omb-mqtt-connection");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final ReconnectDelay delay = new ReconnectDelay(FIRST_RECONNECT, LAST_RECONNECT);
    private final PublishQueue publishes = new PublishQueue(loop, WAITING_MAX);
    private volatile Inbound inbound;
    private volatile Link current;
    private volatile boolean closed;

    public MqttConnection(org.openmusicbox.cloud.config.MqttProperties properties) {
        this.properties = properties;
        this.clientId = properties.stableClientId()
                ? properties.clientId()
                : "omb-cloud-" + UUID.randomUUID().toString().substring(0, 8);
        this.sockets = BrokerSockets.of(properties);
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
        Link link = current;
        return !closed && link != null && link.client.isConnected();
    }

    /** How many connections were opened so far (the first one included); tests wait on it. */
    int connectionCount() {
        return connections.get();
    }

    /** Publishes handed to the current client and not acknowledged yet; tests wait on it. */
    int inFlightPublishes() throws Exception {
        return loop.submit(() -> current == null ? 0 : current.inFlight.size()).get();
    }

    /** Connects (waiting at most {@code timeoutMs}); after a loss this class reconnects by itself. */
    public void connect(Inbound inbound, long timeoutMs) {
        this.inbound = inbound;
        Link link;
        try {
            link = loop.submit(() -> open(timeoutMs)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot connect to the MQTT broker at " + properties.url() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + properties.url(), e);
        }
        onLoop(() -> connected(link, false));
    }

    public void subscribe(List<String> filters, int qos) {
        MqttSubscription[] subscriptions = filters.stream()
                .map(filter -> new MqttSubscription(filter, qos))
                .toArray(MqttSubscription[]::new);
        try {
            IMqttToken token = client().subscribe(subscriptions);
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
            client().unsubscribe(filters.toArray(String[]::new)).waitForCompletion(TimeUnit.SECONDS.toMillis(5));
        } catch (MqttException | RuntimeException e) {
            log.warn("Cannot unsubscribe from {}: {}", filters, e.toString());
        }
    }

    /** Publishes with QoS 1; completes when the broker acknowledged it (PUBACK), see the class comment. */
    public Mono<Void> publish(String topic, byte[] payload) {
        return publish(topic, payload, null, null);
    }

    /** {@link #publish(String, byte[])} with the MQTT 5 request/response properties of a command. */
    public Mono<Void> publish(String topic, byte[] payload, String responseTopic, byte[] correlationData) {
        return publish(topic, payload, new Envelope(responseTopic, correlationData, null, false));
    }

    /** {@link #publish(String, byte[])} with the MQTT 5 properties of {@code envelope}. */
    public Mono<Void> publish(String topic, byte[] payload, Envelope envelope) {
        return Mono.create(sink -> {
            Outgoing outgoing = new Outgoing(topic, payload, envelope, sink);
            if (!onLoop(() -> publishes.add(outgoing, current))) {
                outgoing.failed(new IllegalStateException("the MQTT connection is closed"));
            }
        });
    }

    /**
     * Tells the broker we are done with an inbound message (PUBACK); it is not sent again. Only on the connection
     * it arrived on: a packet id means nothing on another one, and the broker sends a message that was not
     * acknowledged again on the next connection of the session anyway.
     */
    public void acknowledge(MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        Link link = current;
        if (link == null || !link.unacknowledged.remove(message)) {
            log.debug("Message {} came on an earlier connection; the broker sends it again", message.getId());
            return;
        }
        try {
            link.client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException | RuntimeException e) {
            log.warn("Cannot acknowledge message {}: {}; the broker will send it again", message.getId(), e.toString());
        }
    }

    /**
     * Disconnects; no reconnect follows. With {@code keepSession} false the broker drops the session at once
     * (asked by setting its expiry to 0 in DISCONNECT), so a random client id does not leave an orphaned session.
     */
    public void disconnect(boolean keepSession) {
        closed = true;
        Link link = current;
        try {
            if (link != null && link.client.isConnected()) {
                MqttProperties disconnectProperties = new MqttProperties();
                if (!keepSession) {
                    disconnectProperties.setSessionExpiryInterval(0L);
                }
                link.client
                        .disconnect(5_000, null, null, 0, disconnectProperties)
                        .waitForCompletion(6_000);
            }
        } catch (MqttException e) {
            log.warn("MQTT disconnect: {}", e.toString());
        }
        abort();
    }

    /** Closes the socket without a DISCONNECT packet (a crash, as the broker sees it); no reconnect follows. */
    void abort() {
        closed = true;
        Link link = current;
        if (link != null) {
            link.shut();
        }
        stopLoop();
    }

    /** The broker did not take a message (the connection closed, too many waiting); it was not delivered. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String topic, Throwable cause) {
            super("Publishing to " + topic + " failed: " + cause, cause);
        }
    }

    private MqttAsyncClient client() {
        return Objects.requireNonNull(current, "connect() first").client;
    }

    /** On the loop: a new client, connected; the client is closed again when that fails. */
    private Link open(long timeoutMs) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(properties.url(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        Link link = new Link(connections.incrementAndGet(), client);
        client.setCallback(new Callback(link));
        // Set before connecting: a message may arrive, and be acknowledged, before connect() returns.
        current = link;
        try {
            client.connect(options()).waitForCompletion(timeoutMs);
            if (!client.isConnected()) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            }
            return link;
        } catch (MqttException e) {
            link.lost = true;
            link.shut();
            throw e;
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds());
        options.setAutomaticReconnect(false);
        options.setReceiveMaximum(properties.maxInFlight());
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setSocketFactory(sockets);
        if (properties.username() != null) {
            options.setUserName(properties.username());
        }
        if (properties.password() != null) {
            options.setPassword(properties.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private void connected(Link link, boolean reconnect) {
        if (closed || link != current) {
            return;
        }
        delay.reset();
        log.info(
                "MQTT {} to {} as {} (connection {})",
                reconnect ? "reconnected" : "connected",
                properties.url(),
                clientId,
                link.number);
        try {
            inbound.connected(reconnect);
        } catch (RuntimeException e) {
            log.error("After connecting to {}", properties.url(), e);
        }
        publishes.flush(link);
    }

    private void lost(Link link, Object why) {
        if (closed || link != current || link.lost) {
            return;
        }
        link.lost = true;
        link.shut();
        publishes.requeue(link);
        Duration wait = delay.next();
        log.warn(
                "MQTT connection {} lost ({}); {} publish(es) wait; reconnecting in {} ms",
                link.number,
                why,
                publishes.waiting(),
                wait.toMillis());
        loop.schedule(this::reconnect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        Link link;
        try {
            link = open(RECONNECT_TIMEOUT_MS);
        } catch (MqttException | RuntimeException e) {
            Duration wait = delay.next();
            log.warn("MQTT reconnect to {} failed ({}); trying again in {} ms", properties.url(), e, wait.toMillis());
            loop.schedule(this::reconnect, wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        connected(link, true);
    }

    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Fails what still waits, on the loop so no flush runs at the same time, and ends the loop. */
    private void stopLoop() {
        try {
            loop.submit(() -> publishes.close(current)).get(RECONNECT_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            log.warn("MQTT connection loop did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownNow();
        }
    }

    private final class Callback implements MqttCallback {
        private final Link link;

        Callback(Link link) {
            this.link = link;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.getQos() > 0) {
                link.unacknowledged.add(message);
            }
            // An exception thrown here would make Paho drop the connection: the listener catches everything.
            try {
                inbound.arrived(topic, message);
            } catch (RuntimeException e) {
                log.error("Message on {} could not be dispatched; it stays unacknowledged", topic, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            onLoop(() -> lost(link, response));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error on connection {}: {}", link.number, exception.toString());
        }

        // connected() runs on the loop once connect() returned; each publish completes through its own listener;
        // there is no enhanced authentication.
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
