package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One box, {@code java -jar edge-agent.jar}, on free loopback ports with its data directory and cloud identity
 * (device id, broker login); driven over its LAN HTTP API with the parent token. Restarting keeps the ports, the
 * data directory and the identity, as a power cycle does.
 */
public final class BoxProcess implements AutoCloseable {

    public static final String PARENT_TOKEN = "e2e-parent-token";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern OUTBOX = Pattern.compile("outbox: (\\d+) changes? waiting");

    private final Class<?> owner;
    private final String deviceId;
    private final Path dataDir;
    private final String brokerUrl;
    private final List<String> prefix;
    private final int httpPort = Ports.free();
    private final int socketPort = Ports.free();
    private final Http http;
    private final Library library;
    private ChildProcess process;

    private BoxProcess(Class<?> owner, String deviceId, Path dataDir, String brokerUrl, List<String> prefix) {
        this.owner = owner;
        this.prefix = List.copyOf(prefix);
        this.deviceId = deviceId;
        this.dataDir = dataDir;
        this.brokerUrl = brokerUrl;
        this.http = new Http("http://127.0.0.1:" + httpPort, PARENT_TOKEN);
        this.library = new Library(http);
    }

    /** A box whose broker login is {@code deviceId} with {@link Broker#password}. */
    public static BoxProcess start(Class<?> owner, String deviceId, Path dataDir, Broker broker) {
        return start(owner, deviceId, dataDir, broker.deviceUrl(), List.of());
    }

    /**
     * A box that reaches the broker at {@code brokerUrl} (a {@link Cable}'s, say), its JVM started under
     * {@code prefix} (such as {@code faketime -f -1d}); both stay the same across restarts.
     */
    public static BoxProcess start(
            Class<?> owner, String deviceId, Path dataDir, String brokerUrl, List<String> prefix) {
        BoxProcess box = new BoxProcess(owner, deviceId, dataDir, brokerUrl, prefix);
        box.start();
        return box;
    }

    /** Starts the agent (again) and waits for its health to answer 200. */
    public void start() {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                "java",
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                Jars.edgeAgent().toString()));
        process = ChildProcess.start(
                deviceId,
                Logs.file(owner, deviceId),
                command,
                Map.of(
                        "OMB_DATA_DIR",
                        dataDir.toString(),
                        "OMB_HTTP_PORT",
                        Integer.toString(httpPort),
                        "OMB_SOCKETIO_PORT",
                        Integer.toString(socketPort),
                        "OMB_BIND",
                        "127.0.0.1",
                        "OMB_AUTH_TOKEN",
                        PARENT_TOKEN,
                        "OMB_CLOUD_URL",
                        brokerUrl,
                        "OMB_CLOUD_DEVICE_ID",
                        deviceId,
                        "OMB_CLOUD_USERNAME",
                        deviceId,
                        "OMB_CLOUD_PASSWORD",
                        Broker.password(deviceId)));
        Poll.until(
                deviceId + " to answer GET /api/health with 200",
                START_TIMEOUT,
                () -> {
                    process.requireAlive("start");
                    return http.get("/api/health").status() == 200;
                },
                process::tail);
    }

    /** SIGKILL: the box loses power. */
    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop();
    }

    public String deviceId() {
        return deviceId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The LAN HTTP port (the page and the API). */
    public int httpPort() {
        return httpPort;
    }

    /** The LAN Socket.IO port, for a {@link PhoneSocket}. */
    public int socketPort() {
        return socketPort;
    }

    public Http http() {
        return http;
    }

    /** The box's library over its LAN API: edits and what a parent sees. */
    public Library library() {
        return library;
    }

    /** The {@code cloud} line of health: connected / connecting / offline / disabled, then its details. */
    public String cloudState() {
        JsonNode data = http.get("/api/health").okBody("health").path("data");
        return data.path("components").path("cloud").asText() + ": "
                + data.path("details").path("cloud").asText();
    }

    /** How many changes wait in the outbox, as health says. */
    public int outboxDepth() {
        Matcher m = OUTBOX.matcher(cloudState());
        if (!m.find()) {
            throw new IllegalStateException("health does not name the outbox depth: " + cloudState());
        }
        return Integer.parseInt(m.group(1));
    }

    public void awaitConnected(Duration timeout) {
        Poll.until(
                deviceId + " connected to the broker",
                timeout,
                () -> cloudState().startsWith("connected:"),
                this::cloudState);
    }

    /** The box has noticed its link is gone (a cut {@link Cable}, a stopped broker). */
    public void awaitDisconnected(Duration timeout) {
        Poll.until(
                deviceId + " to see its link to the broker gone",
                timeout,
                () -> !cloudState().startsWith("connected:"),
                this::cloudState);
    }

    /** Connected and nothing left in the outbox: everything the box wrote has been confirmed by the cloud. */
    public void awaitDrained(Duration timeout) {
        Poll.until(
                deviceId + "'s outbox to drain",
                timeout,
                () -> {
                    process.requireAlive("drain");
                    String state = cloudState();
                    return state.startsWith("connected:") && outboxDepth() == 0;
                },
                this::cloudState);
    }

    @Override
    public void close() {
        if (process != null && process.alive()) {
            process.stop();
        }
        Logs.forget(deviceId);
    }
}
