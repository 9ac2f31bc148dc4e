package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.sync.PresenceWatch;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.protocol.v1.mqtt.Presence;

/**
 * A power cut, as the broker sees it: the agent runs as its own JVM and is killed with SIGKILL, so it never
 * says goodbye. The broker publishes the box's last will, and {@code offline} is what it holds afterwards.
 */
class PresenceWillTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private TestBroker broker;
    private Process agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killNineLeavesTheWillOfflineRetainedWithTheConnectTime() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        Path log = tmp.resolve("agent.log");
        try (PresenceWatch watch = PresenceWatch.of(broker.url(), "box-will")) {
            agent = startAgent(log);
            Presence online = watch.await(s -> s.presence().status() == Presence.Status.ONLINE, DEADLINE, "online")
                    .presence();

            agent.destroyForcibly();
            assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "the killed agent exits");
            assertEquals(137, agent.exitValue(), "killed by SIGKILL (128 + 9)");

            Presence will = watch.await(
                            s -> s.presence().status() == Presence.Status.OFFLINE, DEADLINE, "offline (the will)")
                    .presence();
            assertEquals(online.at(), will.at(), "the will carries the time of its connect");
            assertNull(will.agentVersion());
        } catch (AssertionError | Exception e) {
            System.err.println("---- agent output ----\n" + read(log) + "\n---- broker ----\n" + broker.log());
            throw e;
        }
        // And the broker holds it for whoever asks later.
        try (PresenceWatch later = PresenceWatch.of(broker.url(), "box-will")) {
            PresenceWatch.Seen held = later.await(PresenceWatch.Seen::retained, DEADLINE, "retained");
            assertEquals(Presence.Status.OFFLINE, held.presence().status());
        }
    }

    private Process startAgent(Path log) throws IOException {
        return AgentProcess.start(
                log,
                Map.of(
                        "OMB_DATA_DIR", tmp.resolve("data").toString(),
                        "OMB_HTTP_PORT", Integer.toString(freePort()),
                        "OMB_SOCKETIO_PORT", Integer.toString(freePort()),
                        "OMB_AUTH_MODE", "off",
                        "OMB_CLOUD_URL", broker.url(),
                        "OMB_CLOUD_DEVICE_ID", "box-will"));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
