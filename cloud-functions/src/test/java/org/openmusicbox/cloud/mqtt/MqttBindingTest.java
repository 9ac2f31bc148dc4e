package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The binding alone against the machine's Mosquitto, with hand-written handlers: what it does with good,
 * malformed and foreign messages, how many it runs at once, and that a message is acknowledged only after its
 * handler finished.
 */
class MqttBindingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AT = "2026-01-01T00:00:00Z";

    private final List<MqttBinding> bindings = new ArrayList<>();
    private final List<TestDevice> devices = new ArrayList<>();
    private final String group = TestBroker.unique("test");

    @BeforeAll
    static void broker() {
        TestBroker.require();
    }

    @AfterEach
    void stop() {
        bindings.forEach(MqttBindingTest::quietly);
        devices.forEach(TestDevice::close);
    }

    @Test
    void answersLibraryChangesOnAcks() {
        start(properties(null, 4), acking(Mono::just));
        TestDevice device = device();

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "c1", "c2"));

        ChangeAcks acks = device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT);
        assertThat(acks.deviceId()).isEqualTo(device.deviceId());
        assertThat(acks.results()).extracting(ChangeResult::changeId).containsExactly("c1", "c2");
        assertThat(acks.results()).extracting(ChangeResult::outcome).containsOnly(Outcome.APPLIED);
    }

    @Test
    void malformedMessagesAreRejectedOnErrorsAndTheNextGoodOneIsHandled() {
        start(properties(null, 4), acking(Mono::just));
        TestDevice device = device();
        String topic = Topics.libraryChanges(device.deviceId());

        device.publishRaw(TopicKind.LIBRARY_CHANGES, "{not json");
        assertThat(device.next(TopicKind.ERRORS, MessageRejected.class, WAIT))
                .satisfies(r -> assertThat(r.topic()).isEqualTo(topic))
                .satisfies(r -> assertThat(r.reason()).startsWith("malformed LibraryChanges"));

        device.publishRaw(
                TopicKind.LIBRARY_CHANGES,
                "{\"device_id\":\"" + device.deviceId()
                        + "\",\"changes\":[{\"change_id\":\"c1\",\"entity\":\"playlist\",\"entity_id\":\"p1\",\"version\":-1,"
                        + "\"op\":\"upsert\",\"changed_at\":\"" + AT + "\",\"playlist\":{\"title\":\"t\"}}]}");
        assertThat(device.next(TopicKind.ERRORS, MessageRejected.class, WAIT).reason())
                .contains("version must not be negative, was -1");

        device.publish(TopicKind.LIBRARY_CHANGES, changes("someone-else", "c1"));
        assertThat(device.next(TopicKind.ERRORS, MessageRejected.class, WAIT).reason())
                .isEqualTo("device_id someone-else is not the topic's device " + device.deviceId());

        device.publishRaw(TopicKind.LIBRARY_CHANGES, new byte[0]);
        assertThat(device.next(TopicKind.ERRORS, MessageRejected.class, WAIT).reason())
                .isEqualTo("empty message");

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "c9"));
        assertThat(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT).results())
                .extracting(ChangeResult::changeId)
                .containsExactly("c9");
        assertThat(device.drain(TopicKind.ERRORS)).isEmpty();
    }

    @Test
    void fieldsTheRecordDoesNotKnowAreIgnoredAsTheProtocolAsks() {
        start(properties(null, 4), acking(Mono::just));
        TestDevice device = device();

        device.publishRaw(
                TopicKind.LIBRARY_CHANGES,
                "{\"device_id\":\"" + device.deviceId()
                        + "\",\"sent_by\":\"agent 2.0\",\"changes\":[{\"change_id\":\"c1\",\"entity\":\"playlist\","
                        + "\"entity_id\":\"p1\",\"version\":1,\"op\":\"upsert\",\"changed_at\":\"" + AT + "\","
                        + "\"playlist\":{\"title\":\"t\",\"colour\":\"red\"}}]}");

        assertThat(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT).results())
                .extracting(ChangeResult::changeId)
                .containsExactly("c1");
        assertThat(device.drain(TopicKind.ERRORS)).isEmpty();
    }

    @Test
    void aHandlerThatRefusesIsAnsweredOnErrorsAndOneThatFailsIsTriedAgainUntilItWorks() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        start(properties(null, 4), acking(batch -> {
            calls.incrementAndGet();
            return switch (batch.changes().get(0).changeId()) {
                case "refused" -> Mono.error(new IllegalArgumentException("playlist p1 is not yours"));
                case "flaky" ->
                    failures.incrementAndGet() <= 3
                            ? Mono.error(new IllegalStateException("database down"))
                            : Mono.just(batch);
                default -> Mono.just(batch);
            };
        }));
        TestDevice device = device();

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "refused"));
        assertThat(device.next(TopicKind.ERRORS, MessageRejected.class, WAIT).reason())
                .isEqualTo("playlist p1 is not yours");
        assertThat(calls.get()).as("a refusal is not tried again").isEqualTo(1);

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "flaky"));
        assertThat(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT).results())
                .extracting(ChangeResult::changeId)
                .containsExactly("flaky");
        assertThat(failures.get()).as("three failures, then it worked").isEqualTo(4);
        assertThat(device.drain(TopicKind.ERRORS))
                .as("a failure is not the message's fault")
                .isEmpty();

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "fine"));
        assertThat(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT).results())
                .hasSize(1);
    }

    @Test
    void runsAtMostMaxInFlightHandlersAtOnceAndAnswersEveryMessage() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        start(
                properties(null, 2),
                acking(batch -> Mono.fromCallable(() -> {
                            most.accumulateAndGet(running.incrementAndGet(), Math::max);
                            try {
                                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                                return batch;
                            } finally {
                                running.decrementAndGet();
                            }
                        })
                        .subscribeOn(Schedulers.boundedElastic())));
        TestDevice device = device();

        for (int i = 0; i < 6; i++) {
            device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "c" + i));
        }
        Thread.sleep(1_000);
        assertThat(most.get()).isEqualTo(2);
        release.countDown();

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answered.add(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT)
                    .results()
                    .get(0)
                    .changeId());
        }
        assertThat(answered).containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4", "c5");
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aMessageWhoseHandlerDidNotFinishComesBackToTheSessionAfterACrash() throws InterruptedException {
        String clientId = TestBroker.unique("test-cloud");
        CountDownLatch started = new CountDownLatch(1);
        MqttBinding first = start(properties(clientId, 4), acking(batch -> {
            started.countDown();
            return Mono.never();
        }));
        TestDevice device = device();

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "c1"));
        assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        first.abort();

        List<String> handled = new CopyOnWriteArrayList<>();
        start(properties(clientId, 4), acking(batch -> {
            handled.add(batch.changes().get(0).changeId());
            return Mono.just(batch);
        }));

        assertThat(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT).results())
                .extracting(ChangeResult::changeId)
                .containsExactly("c1");
        assertThat(handled).containsExactly("c1");
    }

    @Test
    void aStableClientIdKeepsItsSessionAtStopAndARandomOneLeavesNone() throws Exception {
        String stableId = TestBroker.unique("test-cloud");
        MqttBinding stable = start(properties(stableId, 4), acking(Mono::just));
        MqttBinding random = start(properties(null, 4), acking(Mono::just));
        String randomId = random.clientId();

        stable.stop();
        random.stop();

        assertThat(sessionPresent(stableId)).as("session of the stable id").isTrue();
        assertThat(sessionPresent(randomId)).as("session of the random id").isFalse();
    }

    @Test
    void messagesPublishedWhileTheOnlyInstanceRestartsAreHandledAfterIt() {
        String clientId = TestBroker.unique("test-cloud");
        MqttBinding before = start(properties(clientId, 4), acking(Mono::just));
        TestDevice device = device();
        before.stop();

        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "while-down-1"));
        device.publish(TopicKind.LIBRARY_CHANGES, changes(device.deviceId(), "while-down-2"));
        start(properties(clientId, 4), acking(Mono::just));

        List<String> answered = new ArrayList<>();
        answered.add(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT)
                .results()
                .get(0)
                .changeId());
        answered.add(device.next(TopicKind.LIBRARY_ACKS, ChangeAcks.class, WAIT)
                .results()
                .get(0)
                .changeId());
        assertThat(answered).containsExactlyInAnyOrder("while-down-1", "while-down-2");
    }

    /** Connects with clean start off and the given id, and says whether the broker still had a session for it. */
    private static boolean sessionPresent(String clientId) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient probe = new org.eclipse.paho.mqttv5.client.MqttClient(
                TestBroker.URL, clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions options =
                new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(0L);
        try {
            return probe.connectWithResult(options).getSessionPresent();
        } finally {
            probe.disconnect();
            probe.close();
        }
    }

    @Test
    void presenceGoesToItsHandlerAndAnEmptyOneIsNotAnError() throws InterruptedException {
        List<Presence> seen = new CopyOnWriteArrayList<>();
        CountDownLatch arrived = new CountDownLatch(1);
        TestDevice device = device();
        start(
                properties(null, 4),
                List.of(MqttRoute.of(
                        TopicKind.PRESENCE,
                        Presence.class,
                        Presence::deviceId,
                        presence -> Mono.fromRunnable(() -> {
                            // Mosquitto hands a new shared subscription the presences other devices left retained
                            // on the machine's broker; only this test's device counts.
                            if (presence.deviceId().equals(device.deviceId())) {
                                seen.add(presence);
                                arrived.countDown();
                            }
                        }),
                        null)));

        device.publishRaw(TopicKind.PRESENCE, new byte[0]);
        device.publish(TopicKind.PRESENCE, Presence.online(device.deviceId(), AT, "1.0"));

        assertThat(arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen).extracting(Presence::status).containsExactly(Presence.Status.ONLINE);
        assertThat(device.nextJson(TopicKind.ERRORS, Duration.ofMillis(500)))
                .as("an empty presence clears it; it is not malformed")
                .isNull();
    }

    private MqttProperties properties(String clientId, int maxInFlight) {
        return new MqttProperties(
                TestBroker.URL,
                null,
                null,
                clientId,
                true,
                group,
                Duration.ofSeconds(30),
                maxInFlight,
                Duration.ofSeconds(5),
                null,
                null,
                null);
    }

    /** A route for library changes whose handler turns the (transformed) batch into all-applied acks. */
    private static List<MqttRoute<?>> acking(Function<LibraryChanges, Mono<LibraryChanges>> handler) {
        return List.of(MqttRoute.of(
                TopicKind.LIBRARY_CHANGES,
                LibraryChanges.class,
                LibraryChanges::deviceId,
                batch -> handler.apply(batch)
                        .map(b -> new ChangeAcks(
                                b.deviceId(),
                                b.changes().stream()
                                        .map(c -> ChangeResult.of(c, Outcome.APPLIED, c.version(), null))
                                        .toList())),
                TopicKind.LIBRARY_ACKS));
    }

    private MqttBinding start(MqttProperties properties, List<MqttRoute<?>> routes) {
        MqttBinding binding = new MqttBinding(new MqttConnection(properties), properties, new JsonCodec(), routes);
        bindings.add(binding);
        binding.start();
        return binding;
    }

    private TestDevice device() {
        TestDevice device = new TestDevice(TestBroker.unique("box"));
        devices.add(device);
        return device;
    }

    static LibraryChanges changes(String deviceId, String... changeIds) {
        List<LibraryChange> changes = new ArrayList<>();
        for (String id : changeIds) {
            changes.add(
                    LibraryChange.upsert(id, "p-" + id, 1, AT, new LibraryChange.PlaylistFields("Title " + id, null)));
        }
        return new LibraryChanges(deviceId, changes);
    }

    private static void quietly(MqttBinding binding) {
        try {
            if (binding.isRunning()) {
                binding.stop();
            }
        } catch (RuntimeException e) {
            // the test is over
        }
    }
}
