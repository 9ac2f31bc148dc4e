package org.openmusicbox.cloud.relay.mqtt;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.cloud.mqtt.Envelope;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.relay.BoxEvents;
import org.openmusicbox.cloud.relay.BoxPresence;
import org.openmusicbox.cloud.relay.PendingReplies;
import org.openmusicbox.cloud.relay.PhoneLists;
import org.openmusicbox.cloud.relay.RelayBroker;
import org.openmusicbox.cloud.relay.RelayId;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.RemoteViewers;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The relay instance on the broker: its own client id ({@code omb-relay-<relay_id>}), no shared subscription, only
 * {@link Topics#relaySubscriptions}: the answers to its own commands, and every box's presence, phone list and
 * mirrored state. Everything it is told is kept in memory only; the retained messages tell it again after a start or
 * a reconnect. Each message is acknowledged once read: nothing here is worth the broker sending it again.
 */
public final class RelayLink implements SmartLifecycle, MqttConnection.Inbound, RelayBroker {

    private static final Logger log = LoggerFactory.getLogger(RelayLink.class);
    private static final long CONNECT_TIMEOUT_MS = 15_000;

    private final MqttConnection connection;
    private final RelayId relayId;
    private final JsonCodec codec;
    private final PendingReplies replies;
    private final BoxPresence presence;
    private final PhoneLists phones;
    private final BoxEvents events;
    private final ExecutorService subscriber = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "omb-relay-subscribe");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean running;

    public RelayLink(
            MqttConnection connection,
            RelayId relayId,
            JsonCodec codec,
            PendingReplies replies,
            BoxPresence presence,
            PhoneLists phones,
            BoxEvents events) {
        this.connection = connection;
        this.relayId = relayId;
        this.codec = codec;
        this.replies = replies;
        this.presence = presence;
        this.phones = phones;
        this.events = events;
    }

    /**
     * The broker settings of {@code omb.mqtt} with this instance's client id; its session is short (60 s), since
     * the id is never used again after this process.
     */
    public static MqttProperties settings(MqttProperties cloud, RelayId relayId) {
        return new MqttProperties(
                cloud.url(),
                cloud.username(),
                cloud.password(),
                "omb-relay-" + relayId.value(),
                true,
                cloud.shareGroup(),
                Duration.ofSeconds(60),
                cloud.maxInFlight(),
                cloud.handlerTimeout(),
                cloud.caFile(),
                cloud.clientCert(),
                cloud.clientKey());
    }

    @Override
    public Mono<Void> command(String deviceId, DeviceCommand command) {
        return Mono.defer(() -> connection.publish(
                Topics.commands(deviceId),
                codec.toBytes(command),
                Envelope.command(
                        Topics.relayReplies(deviceId, relayId.value()),
                        Topics.correlationData(command.commandId()),
                        DeviceCommand.RELAY_EXPIRY_SECONDS)));
    }

    @Override
    public Mono<Void> viewers(String deviceId, RemoteViewers viewers) {
        return Mono.defer(() -> connection.publish(
                Topics.remoteViewers(deviceId, relayId.value()),
                codec.toBytes(viewers),
                Envelope.retained(RemoteViewers.EXPIRY_SECONDS)));
    }

    @Override
    public void start() {
        connection.connect(this, CONNECT_TIMEOUT_MS);
        try {
            if (!subscribed.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("No answer to the subscriptions of relay " + relayId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while subscribing", e);
        }
        running = true;
        log.info("Relay {} subscribed to {}", relayId, Topics.relaySubscriptions(relayId.value()));
    }

    @Override
    public void connected(boolean reconnect) {
        // Not on the connection's loop: waiting there for the SUBACK would block it.
        subscriber.execute(() -> {
            try {
                connection.subscribe(Topics.relaySubscriptions(relayId.value()), Topics.QOS);
                subscribed.countDown();
            } catch (RuntimeException e) {
                log.error("Relay subscriptions failed; they stay as the session had them", e);
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        connection.disconnect(false);
        subscriber.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before the web server (whose lifecycle phase is {@code DEFAULT_PHASE - 2048}) and stops after it: no
     * phone is let in before the retained phone lists could arrive, and the last viewers' counts still go out.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    public boolean connected() {
        return connection.isConnected();
    }

    @Override
    public void arrived(String topic, MqttMessage message) {
        try {
            read(Topics.parse(topic), message);
        } catch (RuntimeException e) {
            log.warn("Relay dropped a message on {}: {}", topic, e.getMessage());
        } finally {
            connection.acknowledge(message);
        }
    }

    private void read(Topics.Address address, MqttMessage message) {
        byte[] payload = message.getPayload();
        boolean cleared = payload == null || payload.length == 0;
        String deviceId = address.deviceId();
        switch (address.kind()) {
            case RELAY_REPLIES -> {
                if (!relayId.value().equals(address.relayId())) {
                    return;
                }
                byte[] correlation = message.getProperties() == null
                        ? null
                        : message.getProperties().getCorrelationData();
                String commandId = Topics.commandIdOf(correlation);
                CommandReply reply = codec.read(payload, CommandReply.class);
                if (!commandId.equals(reply.commandId())) {
                    throw new IllegalArgumentException(
                            "reply " + reply.commandId() + " came with correlation " + commandId);
                }
                replies.arrived(commandId, reply);
            }
            case PRESENCE -> {
                Presence read = cleared ? null : codec.read(payload, Presence.class);
                if (read != null && !read.deviceId().equals(deviceId)) {
                    throw new IllegalArgumentException(
                            "presence of " + read.deviceId() + " on " + deviceId + "'s topic");
                }
                presence.update(deviceId, read);
            }
            case REMOTE_PHONES -> {
                RemotePhones list = cleared ? null : codec.read(payload, RemotePhones.class);
                var dropped = phones.update(deviceId, list);
                if (!dropped.isEmpty()) {
                    events.dropped(deviceId, dropped);
                }
            }
            case REMOTE_STATE -> {
                if (!cleared) {
                    events.mirrored(deviceId, codec.read(payload, RemoteState.class));
                }
            }
            default -> log.debug("Relay ignores {} of {}", address.kind(), deviceId);
        }
    }
}
