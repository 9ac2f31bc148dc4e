package org.openmusicbox.edge.sync.paho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.edge.sync.PresenceWatch;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.edge.sync.Unhandled;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** The link against a real Mosquitto of the test's own. */
class PahoCloudLinkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private TestBroker broker;
    private PahoCloudLink link;

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static CloudSettings cloud(String url, String deviceId, String... more) {
        Map<String, String> props = new HashMap<>(Map.of("omb.cloud.url", url, "omb.cloud.device-id", deviceId));
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return ConfigLoader.load(null, Map.of(), props).cloud();
    }

    @Test
    void connectsSaysOnlineRetainedWithItsVersionAndOfflineRetainedWhenItStops() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        link = new PahoCloudLink(cloud(broker.url(), "box-one"), "0.1.0-test", new Unhandled());
        link.start();
        awaitState(LinkStatus.State.CONNECTED);
        assertTrue(
                link.status().detail().contains("127.0.0.1:" + broker.port()),
                link.status().detail());

        // A client that subscribes later gets the retained presence at once: the broker holds it.
        Presence online;
        try (PresenceWatch watch = PresenceWatch.of(broker.url(), "box-one")) {
            online = watch.await(s -> s.retained(), DEADLINE, "retained").presence();
        }
        assertEquals(Presence.Status.ONLINE, online.status(), broker.log());
        assertEquals("box-one", online.deviceId());
        assertEquals("0.1.0-test", online.agentVersion());
        assertEquals(link.status().since(), Instant.parse(online.at()), "at is the connect time");

        link.close();
        assertEquals(LinkStatus.State.OFFLINE, link.status().state());
        try (PresenceWatch watch = PresenceWatch.of(broker.url(), "box-one")) {
            Presence offline =
                    watch.await(s -> s.retained(), DEADLINE, "retained").presence();
            assertEquals(Presence.Status.OFFLINE, offline.status(), "a clean stop says offline: " + offline);
            assertNull(offline.agentVersion());
            assertTrue(!Instant.parse(offline.at()).isBefore(Instant.parse(online.at())), offline + " after " + online);
        }
    }

    @Test
    void theSessionOutlivesTheBoxBeingAwaySoACommandSentMeanwhileArrivesWhenItComesBack() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        List<String> heard = new CopyOnWriteArrayList<>();
        Arrivals arrivals = (topic, payload, receipt) -> {
            heard.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            receipt.handled();
        };
        link = new PahoCloudLink(cloud(broker.url(), "box-five"), "0.1.0-test", arrivals);
        link.start();
        awaitState(LinkStatus.State.CONNECTED);
        link.close();

        MqttAsyncClient cloudSide = new MqttAsyncClient(broker.url(), "cloud-side", new MemoryPersistence());
        try {
            cloudSide.connect().waitForCompletion(10_000);
            cloudSide
                    .publish(
                            Topics.commands("box-five"),
                            "{\"while\":\"away\"}".getBytes(StandardCharsets.UTF_8),
                            1,
                            false)
                    .waitForCompletion(10_000);
            // Not subscribed: the box must not hear its neighbour's commands.
            cloudSide
                    .publish(Topics.commands("box-other"), "{}".getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
            cloudSide.disconnect().waitForCompletion(10_000);
        } finally {
            cloudSide.close(true);
        }
        assertEquals(List.of(), heard, "nothing arrives while the box is away");

        link = new PahoCloudLink(cloud(broker.url(), "box-five"), "0.1.0-test", arrivals);
        link.start();
        await(() -> !heard.isEmpty(), "the queued command");
        assertEquals(List.of(Topics.commands("box-five") + " {\"while\":\"away\"}"), heard);
    }

    @Test
    void startingNeverWaitsForTheBrokerAndAnUnreachableOneIsOfflineWithTheReason() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        link = new PahoCloudLink(cloud("tcp://127.0.0.1:" + closedPort, "box-two"), "0.1.0-test", new Unhandled());
        long before = System.nanoTime();
        link.start();
        assertTrue(System.nanoTime() - before < Duration.ofMillis(500).toNanos(), "start returns at once");
        awaitState(LinkStatus.State.OFFLINE);
        assertEquals(
                "cannot reach 127.0.0.1:" + closedPort + ": connection refused",
                link.status().detail());
        assertTrue(link.status().since() != null);
    }

    @Test
    void wrongCredentialsAreOfflineNamingThemAndRetriedWithBackoff() throws Exception {
        broker = TestBroker.withPassword(tmp.resolve("broker"), "box-three", "right-password");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "wrong-password\n");
        link = new PahoCloudLink(
                cloud(
                        broker.url(),
                        "box-three",
                        "omb.cloud.username",
                        "box-three",
                        "omb.cloud.password-file",
                        secret.toString()),
                "0.1.0-test",
                new Unhandled());
        long started = System.nanoTime();
        link.start();
        awaitState(LinkStatus.State.OFFLINE);
        assertTrue(
                link.status().detail().contains("broker refused the credentials"),
                link.status().detail());
        // Three attempts take at least 1 s + 1 s of waiting: the link backs off instead of hammering the broker.
        await(() -> link.attempts() >= 3, "three attempts");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs >= 2_000, "three attempts in " + elapsedMs + " ms");
        assertTrue(link.attempts() <= 4, "attempts after " + elapsedMs + " ms: " + link.attempts());
        assertEquals(LinkStatus.State.OFFLINE, link.status().state(), "still refused");
        link.close();

        // The same link settings with the right password connect: the credentials were the reason.
        Files.writeString(secret, "right-password\n");
        link = new PahoCloudLink(
                cloud(
                        broker.url(),
                        "box-three",
                        "omb.cloud.username",
                        "box-three",
                        "omb.cloud.password-file",
                        secret.toString()),
                "0.1.0-test",
                new Unhandled());
        link.start();
        awaitState(LinkStatus.State.CONNECTED);
    }

    @Test
    void aCaFileWithoutACertificateRefusesTheStart() throws Exception {
        Path pem = tmp.resolve("ca.pem");
        Files.writeString(pem, "not a certificate\n");
        EdgeConfig.InvalidConfigException refused = assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> new PahoCloudLink(
                        cloud("ssl://127.0.0.1:8883", "box-four", "omb.cloud.ca-file", pem.toString()),
                        "0.1.0-test",
                        new Unhandled()));
        assertTrue(refused.getMessage().contains("omb.cloud.ca-file"), refused.getMessage());
    }

    @Test
    void eachConnectionHasItsOwnOutletWhichPublishesOnlyWhileItLasts() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        List<Outlet> outlets = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        Arrivals arrivals = new Arrivals() {
            @Override
            public void arrived(String topic, byte[] payload, Receipt receipt) {
                receipt.handled();
            }

            @Override
            public void connected(Outlet outlet) {
                outlets.add(outlet);
                events.add("connected");
            }

            @Override
            public void lost() {
                events.add("lost");
            }
        };
        link = new PahoCloudLink(cloud(broker.url(), "box-six"), "0.1.0-test", arrivals);
        link.start();
        await(() -> outlets.size() == 1, "the first outlet");
        byte[] pull = "{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(outlets.get(0).publish(Topics.syncPull("box-six"), pull), "published while connected");

        broker.stop();
        await(() -> events.contains("lost"), "the loss told");
        assertFalse(outlets.get(0).publish(Topics.syncPull("box-six"), pull), "an outlet of a lost connection");

        broker = broker.again();
        await(() -> outlets.size() == 2, "a new outlet on the reconnect");
        assertFalse(outlets.get(0).publish(Topics.syncPull("box-six"), pull), "the old outlet stays shut");
        assertTrue(outlets.get(1).publish(Topics.syncPull("box-six"), pull));
        link.close();
        assertEquals(List.of("connected", "lost", "connected", "lost"), events.subList(0, 4));
        assertFalse(outlets.get(1).publish(Topics.syncPull("box-six"), pull), "nothing after the stop");
    }

    /**
     * Paho rewrites the topic of a publish into a topic alias of its connection and, on the next connect, sends what
     * was in flight again under that alias, which the broker does not know: it drops the box (protocol error) on
     * every attempt. Messages in flight when the broker crashes must not follow the box to its next connection.
     */
    @Test
    void aBrokerKilledWithPublishesInFlightLetsTheBoxBackOnItsNextConnection() throws Exception {
        broker = TestBroker.persistent(tmp.resolve("broker"));
        List<Outlet> outlets = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        link = new PahoCloudLink(cloud(broker.url(), "box-seven"), "0.1.0-test", new Arrivals() {
            @Override
            public void arrived(String topic, byte[] payload, Receipt receipt) {
                receipt.handled();
            }

            @Override
            public void connected(Outlet outlet) {
                outlets.add(outlet);
                events.add("connected");
            }

            @Override
            public void lost() {
                events.add("lost");
            }
        });
        link.start();
        await(() -> outlets.size() == 1, "the first outlet");
        String topic = Topics.syncChanges("box-seven");
        byte[] batch = "{}".getBytes(StandardCharsets.UTF_8);
        assertTrue(outlets.get(0).publish(topic, batch));
        await(() -> broker.log().contains("Received PUBLISH from box-seven (d0, q1, r0, m"), "the first publish");
        broker.freeze();
        for (int i = 0; i < 3; i++) {
            assertTrue(outlets.get(0).publish(topic, batch), "in flight while the broker is frozen");
        }
        broker.kill();
        broker = broker.again();
        await(() -> outlets.size() == 2, "a new outlet on the reconnect");
        String before = broker.log();
        assertTrue(outlets.get(1).publish(topic, "{\"after\":1}".getBytes(StandardCharsets.UTF_8)));
        await(
                () -> broker.log().length() > before.length()
                        && broker.log().substring(before.length()).contains("Received PUBLISH from box-seven"),
                "a publish on the new connection");
        assertFalse(broker.log().contains("protocol error"), broker.log());
        assertEquals(List.of("connected", "lost", "connected"), events);
    }

    private void awaitState(LinkStatus.State state) throws InterruptedException {
        await(() -> link.status().state() == state, "state " + state);
    }

    private void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + DEADLINE + "; status " + link.status()
                        + (broker == null ? "" : "\n" + broker.log()));
            }
            Thread.sleep(20); // between polls of a condition with a deadline
        }
    }
}
