package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.sync.PresenceWatch;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.protocol.v1.mqtt.Presence;

/**
 * The whole agent with a cloud link, seen through {@code /api/health}: the broker goes away and comes back on
 * the same port, and the box follows by itself while staying as healthy as before.
 */
class CloudLinkHealthTest {

    private static final long DEADLINE_MS = 30_000;

    @TempDir
    Path tmp;

    private TestBroker broker;
    private RunningBox box;

    @AfterEach
    void stop() throws Exception {
        if (box != null) {
            box.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String cloud(RunningBox.Reply health) {
        return health.body().path("data").path("components").path("cloud").asText();
    }

    private static String detail(RunningBox.Reply health) {
        return health.body().path("data").path("details").path("cloud").asText();
    }

    @Test
    void healthFollowsTheBrokerGoingAndComingBackAndTheBoxStaysAsHealthyAsBefore() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        box = new RunningBox(
                tmp.resolve("data"), Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", "box-health"));
        RunningBox.Reply connected = box.waitFor("/api/health", r -> cloud(r).equals("connected"), DEADLINE_MS);
        String status =
                box.healthAfterCheck().body().path("data").path("status").asText();
        assertTrue(detail(connected).contains("127.0.0.1:" + broker.port()), detail(connected));
        assertTrue(detail(connected).contains("; outbox: 0 changes waiting"), detail(connected));
        try (PresenceWatch watch = PresenceWatch.of(broker.url(), "box-health")) {
            assertEquals(
                    Presence.Status.ONLINE,
                    watch.await(PresenceWatch.Seen::retained, Duration.ofSeconds(10), "retained")
                            .presence()
                            .status());
        }

        broker.stop();
        RunningBox.Reply offline = box.waitFor("/api/health", r -> cloud(r).equals("offline"), DEADLINE_MS);
        assertEquals(200, offline.status());
        assertEquals(status, offline.body().path("data").path("status").asText(), "an offline cloud is not a fault");
        assertTrue(detail(offline).contains("127.0.0.1:" + broker.port()), detail(offline));
        assertTrue(detail(offline).contains("(since 20"), "since when: " + detail(offline));
        // Once the loss is seen, the attempts that follow find nobody listening.
        box.waitFor(
                "/api/health",
                r -> detail(r).startsWith("cannot reach 127.0.0.1:" + broker.port() + ": connection refused"),
                DEADLINE_MS);

        // A fresh broker holds nothing: the online presence it holds afterwards was published again by the box.
        broker = broker.again();
        box.waitFor("/api/health", r -> cloud(r).equals("connected"), DEADLINE_MS);
        try (PresenceWatch watch = PresenceWatch.of(broker.url(), "box-health")) {
            Presence again = watch.await(PresenceWatch.Seen::retained, Duration.ofSeconds(10), "retained")
                    .presence();
            assertEquals(Presence.Status.ONLINE, again.status(), broker.log());
            assertEquals("0.1.0", again.agentVersion());

            box.close();
            box = null;
            Presence goodbye = watch.await(
                            s -> s.presence().status() == Presence.Status.OFFLINE, Duration.ofSeconds(10), "offline")
                    .presence();
            assertEquals("box-health", goodbye.deviceId());
        }
    }

    @Test
    void withoutACloudTheBoxSaysDisabledAndStaysHealthy() throws Exception {
        box = new RunningBox(tmp.resolve("data"));
        RunningBox.Reply health = box.healthAfterCheck();
        assertEquals("disabled", cloud(health));
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("cloud-link")),
                "no MQTT thread without a cloud");
    }
}
