package org.openmusicbox.cloud.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto process of its own, started from the shipped {@code infra/mosquitto} configuration and ACL; only the
 * ports and file locations are rewritten, into a temp directory, so the test checks the files that get deployed.
 */
public final class AclBroker implements AutoCloseable {

    private static final Path INFRA = Path.of(System.getProperty("user.dir"))
            .resolve("../infra/mosquitto")
            .normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** The device listener's TLS lines of the shipped file, as the plain broker removes them. */
    private static final List<String> TLS_LINES = List.of(
            "certfile /etc/mosquitto/omb/tls/server.crt",
            "keyfile /etc/mosquitto/omb/tls/server.key",
            "tls_version tlsv1.2");

    private final Path dir;
    private final boolean tls;
    private final int devicePort;
    private final int cloudPort;
    private Process process;

    private AclBroker(Path dir, boolean tls, int devicePort, int cloudPort, Process process) {
        this.dir = dir;
        this.tls = tls;
        this.devicePort = devicePort;
        this.cloudPort = cloudPort;
        this.process = process;
    }

    /** Skips the calling test class where Mosquitto is not installed (CI installs it and fails on skips). */
    public static void requireMosquitto() {
        Assumptions.assumeTrue(
                onPath("mosquitto") && onPath("mosquitto_passwd"),
                "mosquitto and mosquitto_passwd are not on the PATH; install them with: apt-get install mosquitto");
    }

    public static Path infra() {
        return INFRA;
    }

    /**
     * Writes the config into {@code dir} and creates the password files with {@code devices} and {@code cloud}
     * (user, password, user, password, ...), then starts the broker and waits until both listeners answer. The
     * device listener speaks plain MQTT here: the shipped TLS lines are removed ({@link #startTls} keeps them).
     */
    public static AclBroker start(Path dir, List<String> devices, List<String> cloud) throws IOException {
        return start(dir, false, devices, cloud);
    }

    /**
     * As {@link #start}, with the device listener's TLS lines as shipped: the server certificate and key must be in
     * {@code dir/tls/server.crt} and {@code server.key} (the shipped {@code /etc/mosquitto/omb/tls/}).
     */
    public static AclBroker startTls(Path dir, List<String> devices, List<String> cloud) throws IOException {
        return start(dir, true, devices, cloud);
    }

    private static AclBroker start(Path dir, boolean tls, List<String> devices, List<String> cloud) throws IOException {
        int devicePort = freePort();
        int cloudPort = freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("mosquitto.conf"), config(dir, tls, devicePort, cloudPort));
        Files.copy(INFRA.resolve("acl"), dir.resolve("acl"));
        addUsers(dir.resolve("devices.passwd"), devices);
        addUsers(dir.resolve("cloud.passwd"), cloud);
        AclBroker broker = new AclBroker(dir, tls, devicePort, cloudPort, launch(dir));
        broker.awaitListening();
        return broker;
    }

    /** Stops the broker the way systemd does (SIGTERM, which saves the database) and starts it again. */
    public void restart() throws IOException, InterruptedException {
        close();
        process = launch(dir);
        awaitListening();
    }

    /**
     * Writes the in-memory database to disk now (SIGUSR1), as the autosave would, and waits until the log says so:
     * a broker killed afterwards comes back with the sessions it had at this point.
     */
    public void save() throws IOException, InterruptedException {
        long saved = log().lines()
                .filter(line -> line.contains("Saving in-memory database"))
                .count();
        run(List.of("kill", "-USR1", Long.toString(process.pid())));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (log().lines()
                        .filter(line -> line.contains("Saving in-memory database"))
                        .count()
                == saved) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Mosquitto did not save its database:\n" + log());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** Freezes the broker (SIGSTOP): connections stay open, nothing is read or answered. */
    public void freeze() throws IOException, InterruptedException {
        run(List.of("kill", "-STOP", Long.toString(process.pid())));
    }

    /** Kills the broker (SIGKILL: nothing saved, no DISCONNECT sent) and starts it again on the same ports. */
    public void crashAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Mosquitto did not die from SIGKILL");
        }
        process = launch(dir);
        awaitListening();
    }

    private static Process launch(Path dir) throws IOException {
        return new ProcessBuilder(
                        "mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("mosquitto.log").toFile()))
                .start();
    }

    /** {@code ssl://} for a broker from {@link #startTls}. */
    public String deviceUrl() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + devicePort;
    }

    public int devicePort() {
        return devicePort;
    }

    public String cloudUrl() {
        return "tcp://127.0.0.1:" + cloudPort;
    }

    public Path devicePasswordFile() {
        return dir.resolve("devices.passwd");
    }

    /** Makes the broker read its password files and ACL again, as {@code systemctl reload mosquitto} does. */
    public void reload() throws IOException, InterruptedException {
        run(List.of("kill", "-HUP", Long.toString(process.pid())));
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // A listener that still answers here would let a test talk to the old process after restart().
        if (answers(devicePort) || answers(cloudPort)) {
            throw new IllegalStateException("Mosquitto still answers after it stopped");
        }
    }

    private static String config(Path dir, boolean tls, int devicePort, int cloudPort) throws IOException {
        String shipped = Files.readString(INFRA.resolve("mosquitto.conf"));
        String config = replace(shipped, "\nlistener 8883\n", "\nlistener " + devicePort + " 127.0.0.1\n");
        if (!tls) {
            for (String line : TLS_LINES) {
                config = replace(config, "\n" + line + "\n", "\n");
            }
        }
        config = replace(config, "\nlistener 1884 127.0.0.1\n", "\nlistener " + cloudPort + " 127.0.0.1\n");
        config = replace(config, "/etc/mosquitto/omb/", dir + "/");
        config = replace(config, "/var/lib/mosquitto/", dir.resolve("data") + "/");
        // Started as root, Mosquitto would drop to the mosquitto user, who cannot read the test's temp directory;
        // for anyone else the option is ignored.
        return config + "\nuser " + System.getProperty("user.name") + "\nlog_type all\n";
    }

    /** Fails when the shipped file no longer has the line the test rewrites, instead of testing something else. */
    private static String replace(String config, String shipped, String test) {
        if (!config.contains(shipped)) {
            throw new IllegalStateException("infra/mosquitto/mosquitto.conf no longer contains " + shipped.strip());
        }
        return config.replace(shipped, test);
    }

    private static void addUsers(Path file, List<String> usersAndPasswords) throws IOException {
        Files.writeString(file, "");
        for (int i = 0; i < usersAndPasswords.size(); i += 2) {
            try {
                run(List.of(
                        "mosquitto_passwd",
                        "-b",
                        file.toString(),
                        usersAndPasswords.get(i),
                        usersAndPasswords.get(i + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(answers(devicePort) && answers(cloudPort))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "Mosquitto did not start listening within " + START_TIMEOUT + ":\n" + log());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + output);
        }
        return output;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
