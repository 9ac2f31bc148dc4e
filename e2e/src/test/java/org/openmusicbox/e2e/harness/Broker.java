package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own on two free loopback ports, configured by the shipped {@code infra/mosquitto} files:
 * only the listener ports and the file locations are rewritten, so the ACL under test is the one that gets deployed.
 * Its ports stay the same across {@link #stop()} and {@link #start()}, as a real broker's address does.
 */
public final class Broker implements AutoCloseable {

    public static final String CLOUD_USER = "omb-cloud";
    public static final String CLOUD_PASSWORD = "cloud-secret";
    /**
     * Test-only: a login on the cloud listener that may read and write every device topic, so a test can watch the
     * traffic and publish messages again. It is appended to the test's copy of the ACL; the shipped file has none.
     */
    public static final String TAP_USER = "e2e-tap";

    public static final String TAP_PASSWORD = "tap-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final Path log;
    private final int devicePort = Ports.free();
    private final int cloudPort = Ports.free();
    private ChildProcess process;

    private Broker(Path dir, Path log) {
        this.dir = dir;
        this.log = log;
    }

    /** Writes the configuration into {@code dir}, with a login for each device id ({@link #password}), and starts. */
    public static Broker start(Class<?> owner, Path dir, List<String> deviceIds) {
        Broker broker = new Broker(dir, Logs.file(owner, "mosquitto"));
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("mosquitto.conf"), broker.config());
            Files.writeString(
                    dir.resolve("acl"),
                    Files.readString(infra().resolve("acl"))
                            + "\n# TEST ONLY (e2e harness, never shipped): the tap that records and replays traffic.\n"
                            + "user " + TAP_USER + "\ntopic readwrite omb/v1/devices/#\n");
            Files.writeString(dir.resolve("cloud.passwd"), "");
            passwd(dir.resolve("cloud.passwd"), CLOUD_USER, CLOUD_PASSWORD);
            passwd(dir.resolve("cloud.passwd"), TAP_USER, TAP_PASSWORD);
            Files.writeString(dir.resolve("devices.passwd"), "");
            for (String id : deviceIds) {
                passwd(dir.resolve("devices.passwd"), id, password(id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.start();
        return broker;
    }

    /** The password each device id was given. */
    public static String password(String deviceId) {
        return "pw-" + deviceId;
    }

    public static Path infra() {
        return Path.of(System.getProperty("omb.e2e.infra", "../infra/mosquitto"))
                .toAbsolutePath()
                .normalize();
    }

    /** Starts the broker (again) on its ports and waits until both listeners answer. */
    public void start() {
        if (process != null && process.alive()) {
            throw new IllegalStateException("the broker is already running");
        }
        process = ChildProcess.start(
                "mosquitto",
                log,
                List.of("mosquitto", "-c", dir.resolve("mosquitto.conf").toString()),
                Map.of());
        Poll.until(
                "Mosquitto to listen on " + devicePort + " and " + cloudPort,
                START_TIMEOUT,
                () -> {
                    process.requireAlive("start");
                    return Ports.answers(devicePort) && Ports.answers(cloudPort);
                },
                process::tail);
    }

    /** SIGTERM, as systemd stops it: the broker saves its sessions first. */
    public void stop() {
        process.stop();
        requireClosed();
    }

    /** SIGKILL: sessions and queued messages since the last autosave are lost, as in a crash. */
    public void kill() {
        process.kill();
        requireClosed();
    }

    public boolean running() {
        return process != null && process.alive();
    }

    public int devicePort() {
        return devicePort;
    }

    public String deviceUrl() {
        return "tcp://127.0.0.1:" + devicePort;
    }

    public String cloudUrl() {
        return "tcp://127.0.0.1:" + cloudPort;
    }

    @Override
    public void close() {
        if (running()) {
            stop();
        }
        Logs.forget("mosquitto");
    }

    private void requireClosed() {
        // Something still answering would mean the test talks to another process than the one it stopped.
        if (Ports.answers(devicePort) || Ports.answers(cloudPort)) {
            throw new IllegalStateException("a broker still answers on " + devicePort + " or " + cloudPort);
        }
    }

    private static final List<String> TLS_LINES = List.of(
            "certfile /etc/mosquitto/omb/tls/server.crt",
            "keyfile /etc/mosquitto/omb/tls/server.key",
            "tls_version tlsv1.2");

    private String config() throws IOException {
        String shipped = Files.readString(infra().resolve("mosquitto.conf"));
        // The boxes here speak plain MQTT: the device listener's TLS lines go (cloud-functions' BrokerTlsTest tests
        // them), the rest of the file stays as shipped.
        String config = replace(shipped, "\nlistener 8883\n", "\nlistener " + devicePort + " 127.0.0.1\n");
        for (String tls : TLS_LINES) {
            config = replace(config, "\n" + tls + "\n", "\n");
        }
        config = replace(config, "\nlistener 1884 127.0.0.1\n", "\nlistener " + cloudPort + " 127.0.0.1\n");
        config = replace(config, "/etc/mosquitto/omb/", dir + "/");
        config = replace(config, "/var/lib/mosquitto/", dir.resolve("data") + "/");
        // As root Mosquitto would drop to the mosquitto user, who cannot read the test's folder.
        return config + "\nuser " + System.getProperty("user.name") + "\nlog_type all\nlog_dest stdout\n";
    }

    /** Fails when the shipped file lost the line this rewrites, instead of quietly testing another setup. */
    private static String replace(String config, String shipped, String test) {
        if (!config.contains(shipped)) {
            throw new IllegalStateException("infra/mosquitto/mosquitto.conf no longer contains " + shipped.strip());
        }
        return config.replace(shipped, test);
    }

    private static void passwd(Path file, String user, String password) throws IOException {
        Process p = new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), user, password)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed for " + user + ": " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
