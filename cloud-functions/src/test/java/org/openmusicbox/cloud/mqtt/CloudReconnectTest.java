package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import reactor.core.publisher.Mono;

/**
 * The cloud's connection comes back after the broker does, on a broker of its own started from the shipped
 * configuration: after a crash with publishes in flight (which Paho's own reconnect sent again with topic aliases
 * the new connection never set up, a protocol error on every reconnect) and after a clean restart.
 */
class CloudReconnectTest {

    private static final String BOX = "box-reconnect";
    private static final String BOX_PASSWORD = "secret-box";
    private static final String CLOUD_PASSWORD = "secret-cloud";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BURST = 500;

    @TempDir
    Path dir;

    private AclBroker broker;
    private MqttConnection connection;
    private MqttBinding binding;

    @BeforeEach
    void start() throws Exception {
        AclBroker.requireMosquitto();
        broker = AclBroker.start(dir, List.of(BOX, BOX_PASSWORD), List.of("omb-cloud", CLOUD_PASSWORD));
        MqttProperties properties = new MqttProperties(
                broker.cloudUrl(),
                "omb-cloud",
                CLOUD_PASSWORD,
                TestBroker.unique("cloud"),
                true,
                TestBroker.unique("group"),
                Duration.ofMinutes(5),
                4,
                Duration.ofSeconds(5),
                null,
                null,
                null);
        connection = new MqttConnection(properties);
        binding = new MqttBinding(connection, properties, new JsonCodec(), List.of(acking()));
        binding.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (binding != null) {
            binding.abort();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aCrashWithPublishesInFlightIsFollowedByAWorkingConnection() throws Exception {
        answersTheBox("before");
        broker.save();
        broker.freeze();
        CountDownLatch delivered = new CountDownLatch(BURST);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < BURST; i++) {
            connection
                    .publish(Topics.errors("box-nobody"), ("burst " + i).getBytes())
                    .subscribe(done -> {}, e -> failed.incrementAndGet(), delivered::countDown);
        }
        await("publishes in flight to the frozen broker", () -> inFlight() > 0);
        int subscribesBefore = subscribes();

        broker.crashAndRestart();

        await("a new connection", () -> connection.connectionCount() >= 2 && connection.isConnected());
        await("the subscriptions again", () -> subscribes() > subscribesBefore);
        assertThat(delivered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .as("every publish of the burst acknowledged, on the new connection")
                .isTrue();
        assertThat(failed).hasValue(0);
        answersTheBox("after");
        assertThat(broker.log()).doesNotContainIgnoringCase("protocol error");
        assertThat(connection.isConnected())
                .as("still connected after all that")
                .isTrue();
    }

    @Test
    void aCleanRestartIsFollowedByAWorkingConnection() throws Exception {
        answersTheBox("before");
        int subscribesBefore = subscribes();

        broker.restart();

        await("a new connection", () -> connection.connectionCount() >= 2 && connection.isConnected());
        await("the subscriptions again", () -> subscribes() > subscribesBefore);
        answersTheBox("after");
        assertThat(broker.log()).doesNotContainIgnoringCase("protocol error");
    }

    /** A device publishes a change and gets its ack from the binding's handler. */
    private void answersTheBox(String changeId) throws Exception {
        try (AclClient box = AclClient.connect(broker.deviceUrl(), BOX, BOX_PASSWORD, BOX)) {
            box.subscribe(List.of(Topics.topic(BOX, TopicKind.LIBRARY_ACKS)));
            box.publish(
                    Topics.topic(BOX, TopicKind.LIBRARY_CHANGES),
                    new String(new JsonCodec().toBytes(MqttBindingTest.changes(BOX, changeId))));
            AclClient.Received ack = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ack == null && System.nanoTime() < deadline) {
                ack = box.next();
            }
            assertThat(ack).as("the ack of " + changeId).isNotNull();
            assertThat(ack.topic()).isEqualTo(Topics.topic(BOX, TopicKind.LIBRARY_ACKS));
            assertThat(ack.payload()).contains(changeId);
        }
    }

    private int inFlight() {
        try {
            return connection.inFlightPublishes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** SUBSCRIBE packets the broker got from the cloud, as its log (log_type all) tells. */
    private int subscribes() {
        try {
            String from = "Received SUBSCRIBE from " + connection.clientId();
            return (int)
                    broker.log().lines().filter(line -> line.contains(from)).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + what + " within " + WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static MqttRoute<LibraryChanges> acking() {
        return MqttRoute.of(
                TopicKind.LIBRARY_CHANGES,
                LibraryChanges.class,
                LibraryChanges::deviceId,
                batch -> Mono.just(new ChangeAcks(
                        batch.deviceId(),
                        batch.changes().stream()
                                .map(c -> ChangeResult.of(c, Outcome.APPLIED, c.version(), null))
                                .toList())),
                TopicKind.LIBRARY_ACKS);
    }
}
