package org.openmusicbox.edge.sync.paho;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Backoff;
import org.openmusicbox.edge.sync.CloudLink;
import org.openmusicbox.edge.sync.OfflineReports;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud link over Paho's MQTT 5 client (docs/mqtt.md). A persistent session under the device id (clean
 * start off, the configured expiry), so what the cloud sends while the box is away waits for it; a last will
 * saying {@code offline}; {@code online} right after each connect; the device's subscriptions.
 *
 * <p>Reconnecting is this class's own loop on its own thread, not Paho's: the will's {@code at} is the time of each
 * connect, and each failure is reported in health and waited out by {@link Backoff}. Every Paho call that waits does
 * so on that thread with a deadline; the box's threads only read {@link #status()}.
 *
 * <p>Messages are acknowledged by hand (MQTT 5 PUBACK once {@link Arrivals.Receipt#handled()}), not when Paho hands
 * them over: a box that stops mid-apply gets the message again from its persistent session. Each connection has its
 * own number, and a receipt or an {@link Outlet} of an earlier connection does nothing: packet ids start again on a
 * new connection, so acknowledging an old id there would acknowledge another message.
 */
public final class PahoCloudLink implements CloudLink {

    private static final Logger log = LoggerFactory.getLogger(PahoCloudLink.class);

    private static final long WAIT_MS = 15_000;
    private static final long GOODBYE_MS = 3_000;
    private static final long REPEAT_WARNING_MS = Duration.ofMinutes(10).toMillis();

    private final CloudSettings config;
    private final String agentVersion;
    private final Arrivals arrivals;
    private final Backoff backoff;
    private final Supplier<Instant> clock;
    private final String address;
    private final String presenceTopic;
    private final SocketFactory sockets;
    /**
     * A new client per connection attempt: Paho sends a connection's in-flight messages again on the next connect
     * under that connection's topic aliases, and the broker drops the box for it (protocol error), every time.
     */
    private volatile MqttAsyncClient client;

    private final JsonCodec codec = new JsonCodec();
    private final OfflineReports reports = new OfflineReports(REPEAT_WARNING_MS);
    private final AtomicInteger attempts = new AtomicInteger();
    /** The number of the current connection; raised when one begins and when it ends. */
    private final AtomicInteger connection = new AtomicInteger();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean closing;
    /** Why the current connection ended, null while it is up; guarded by {@link #lock}. */
    private String lost;

    private volatile LinkStatus status;
    private volatile Thread thread;

    public PahoCloudLink(CloudSettings config, String agentVersion, Arrivals arrivals) {
        this(
                config,
                agentVersion,
                arrivals,
                new Backoff(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(60),
                        () -> ThreadLocalRandom.current().nextDouble()),
                Instant::now);
    }

    PahoCloudLink(
            CloudSettings config, String agentVersion, Arrivals arrivals, Backoff backoff, Supplier<Instant> clock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no omb.cloud.url: the box has no cloud link");
        }
        this.config = config;
        this.agentVersion = agentVersion;
        this.arrivals = arrivals;
        this.backoff = backoff;
        this.clock = clock;
        URI uri = URI.create(config.url());
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("ssl") ? 8883 : 1883;
        this.address = uri.getHost() + ":" + port;
        this.presenceTopic = Topics.presence(config.deviceId());
        this.sockets = CloudTls.sockets(config);
        this.client = newClient();
        this.status = LinkStatus.connecting("not started yet", clock.get());
    }

    private MqttAsyncClient newClient() {
        MqttAsyncClient fresh;
        try {
            // The session that matters (subscriptions, queued messages) lives in the broker; the client keeps
            // only its own in-flight messages, in memory, for one connection.
            fresh = new MqttAsyncClient(config.url(), config.deviceId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new EdgeConfig.InvalidConfigException(
                    "omb.cloud.url " + config.url() + " is not usable by the MQTT client: " + e.getMessage(), e);
        }
        fresh.setCallback(new Callback(fresh));
        fresh.setManualAcks(true);
        return fresh;
    }

    @Override
    public void start() {
        Thread t = new Thread(this::run, "cloud-link");
        // The process must be able to end while the link waits for the internet.
        t.setDaemon(true);
        thread = t;
        t.start();
        log.info("Cloud link: connecting to {} as device {} in the background", config.url(), config.deviceId());
    }

    @Override
    public LinkStatus status() {
        return status;
    }

    /** Connection attempts so far, for tests that check the backoff. */
    int attempts() {
        return attempts.get();
    }

    private void run() {
        // While retrying, health keeps saying offline, why and since when, rather than flickering to connecting.
        Instant offlineSince = null;
        while (!isClosing()) {
            Instant at = clock.get().truncatedTo(ChronoUnit.SECONDS);
            attempts.incrementAndGet();
            if (offlineSince == null) {
                status = LinkStatus.connecting("connecting to " + address, at);
            }
            String reason;
            try {
                connect(at);
                backoff.reset();
                reports.connected();
                offlineSince = null;
                status = LinkStatus.connected("connected to " + address + " as " + config.deviceId(), at);
                log.info("Cloud link: connected to {} as {}", address, config.deviceId());
                arrivals.connected(outlet(connection.get()));
                reason = awaitLoss();
                ended();
                if (reason == null) {
                    goodbye();
                    break;
                }
            } catch (MqttException e) {
                reason = Reasons.of(e, address);
                ended();
                dropQuietly();
            } catch (RuntimeException e) {
                // A bug must not end the loop: the box would stay offline until restarted.
                reason = "unexpected failure: " + e;
                log.error("Cloud link: unexpected failure", e);
                ended();
                dropQuietly();
            }
            if (isClosing()) {
                break;
            }
            Duration wait = backoff.next();
            if (offlineSince == null) {
                offlineSince = clock.get().truncatedTo(ChronoUnit.SECONDS);
            }
            status = LinkStatus.offline(reason, offlineSince);
            if (reports.worthTelling(reason, System.currentTimeMillis())) {
                log.warn(
                        "Cloud link offline: {}; trying again in {} s (and on, up to a minute apart)",
                        reason,
                        wait.toSeconds());
            } else {
                log.debug("Cloud link still offline: {}; next attempt in {} ms", reason, wait.toMillis());
            }
            sleep(wait);
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("Cloud link: closing the client: {}", e.toString());
        }
    }

    /**
     * The end of a connection, or of an attempt that may have connected: what it published and received belongs to
     * it alone. The arrivals hear it once per attempt, also after one that failed before they heard of a connection.
     */
    private void ended() {
        int number = connection.get();
        if (number % 2 == 1 && connection.compareAndSet(number, number + 1)) {
            arrivals.lost();
        }
    }

    /** Publishes on connection {@code number} while it lasts; never waits. */
    private Outlet outlet(int number) {
        return new ConnectionOutlet(() -> connection.get() == number ? client : null);
    }

    /** Connects with the will of this connect, says {@code online} and subscribes; each step with a deadline. */
    private void connect(Instant at) throws MqttException {
        synchronized (lock) {
            lost = null;
        }
        // Odd while a connection may be up: receipts of this one are taken from here on.
        if (connection.incrementAndGet() > 1) {
            MqttAsyncClient old = client;
            client = newClient();
            try {
                old.close(true);
            } catch (MqttException e) {
                log.debug("Cloud link: closing the last connection's client: {}", e.toString());
            }
        }
        Handshake.run(client, config, sockets, presenceTopic, agentVersion, at, codec, WAIT_MS);
    }

    /** Waits until the connection ends (its reason) or the link is closed (null). */
    private String awaitLoss() {
        synchronized (lock) {
            while (!closing && lost == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return closing ? null : lost;
        }
    }

    private void sleep(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            long left;
            while (!closing && (left = until - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** A clean goodbye ({@link Handshake#goodbye}); if it fails the broker publishes the will. */
    private void goodbye() {
        if (!Handshake.goodbye(client, codec, presenceTopic, config.deviceId(), clock.get(), GOODBYE_MS, address)) {
            dropQuietly();
        }
    }

    private void dropQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            log.debug("Cloud link: dropping the connection: {}", e.toString());
        }
    }

    /**
     * Says {@code offline} and disconnects when connected, then stops the loop. Waits a few seconds at most: a
     * connect that is still under way is cut off.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        Thread t = thread;
        if (t == null) {
            closeClient();
            return;
        }
        try {
            t.join(GOODBYE_MS * 2 + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("Cloud link: still busy with the broker at stop; cutting the connection");
            dropQuietly();
            closeClient();
        }
        status = LinkStatus.offline("stopped", clock.get().truncatedTo(ChronoUnit.SECONDS));
    }

    private void closeClient() {
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("Cloud link: closing the client: {}", e.toString());
        }
    }

    /** Paho's callbacks, on its own thread: they only record what happened and wake the loop. */
    private final class Callback implements MqttCallback {
        /** Receipts go to the client the message came on, never to a newer one. */
        private final MqttAsyncClient via;

        Callback(MqttAsyncClient via) {
            this.via = via;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = Reasons.of(response, address);
            synchronized (lock) {
                lost = reason;
                lock.notifyAll();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("Cloud link: MQTT error: {}", Reasons.of(exception, address));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int number = connection.get();
            int id = message.getId();
            int qos = message.getQos();
            MqttProperties given = message.getProperties();
            Arrivals.Properties properties = given == null
                    ? Arrivals.Properties.NONE
                    : new Arrivals.Properties(
                            given.getResponseTopic(), given.getCorrelationData(), given.getMessageExpiryInterval());
            arrivals.arrived(topic, message.getPayload(), properties, () -> acknowledge(number, id, qos));
        }

        private void acknowledge(int number, int id, int qos) {
            if (qos == 0 || connection.get() != number) {
                // The broker sends it again on the next connection, where it gets a receipt of its own.
                return;
            }
            try {
                via.messageArrivedComplete(id, qos);
            } catch (MqttException | RuntimeException e) {
                log.debug("Cloud link: could not acknowledge message {}: {}", id, e.toString());
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
