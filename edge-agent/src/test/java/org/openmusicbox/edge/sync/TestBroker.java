package org.openmusicbox.edge.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto process of the test's own, on a free port with a config in a temp folder, so that a test may
 * stop it, start it again or require a password without touching the machine's broker on 1883. Without
 * {@code mosquitto} installed the test is skipped, saying so.
 */
public final class TestBroker implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    private static final List<String> PLACES =
            List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final Map<String, String> users;
    private final Path acl;
    private final boolean persistent;
    /** The listener's TLS lines, empty for plain MQTT. */
    private final String tls;

    private Process process;

    private TestBroker(Path dir, int port, Map<String, String> users, Path acl, boolean persistent, String tls) {
        this.dir = dir;
        this.port = port;
        this.users = users;
        this.acl = acl;
        this.persistent = persistent;
        this.tls = tls;
    }

    /** A broker that lets anyone in. */
    public static TestBroker start(Path dir) throws Exception {
        return start(dir, freePort(), Map.of(), null, false, "");
    }

    /**
     * A broker that lets anyone in and keeps its sessions (subscriptions, queued and unacknowledged messages) in a
     * file across {@link #stop()} and {@link #again()}, as a broker in production does across a restart.
     */
    public static TestBroker persistent(Path dir) throws Exception {
        return start(dir, freePort(), Map.of(), null, true, "");
    }

    /** A broker that lets in only {@code user} with {@code password} (a password file made by mosquitto_passwd). */
    public static TestBroker withPassword(Path dir, String user, String password) throws Exception {
        return start(dir, freePort(), Map.of(user, password), null, false, "");
    }

    /**
     * A broker with the shipped ACL ({@code infra/mosquitto/acl}, read from the repository as it is deployed) and
     * these users (name to password): a box's user is its device id, the cloud's and the relay's {@code omb-cloud}.
     */
    public static TestBroker withShippedAcl(Path dir, Map<String, String> users) throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir"))
                .resolve("../infra/mosquitto/acl")
                .normalize();
        Files.createDirectories(dir);
        Path acl = dir.resolve("acl");
        Files.copy(shipped, acl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return start(dir, freePort(), users, acl, false, "");
    }

    /**
     * A TLS broker that lets in only clients with a certificate signed by {@code clientCa}, each under its
     * certificate's common name as user name and client id, with the shipped ACL: the certificate listener of
     * docs/provisioning.md ("With a certificate instead of a password"). Its own certificate and key are
     * {@code serverCert} and {@code serverKey}; {@link #url()} is {@code ssl://}.
     */
    public static TestBroker withClientCertificates(Path dir, Path clientCa, Path serverCert, Path serverKey)
            throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir"))
                .resolve("../infra/mosquitto/acl")
                .normalize();
        Files.createDirectories(dir);
        Path acl = dir.resolve("acl");
        Files.copy(shipped, acl, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String tls = "cafile " + clientCa + "\ncertfile " + serverCert + "\nkeyfile " + serverKey + "\n"
                + "require_certificate true\nuse_identity_as_username true\nuse_username_as_clientid true\n"
                + "acl_file " + acl + "\n";
        return start(dir, freePort(), Map.of(), null, false, tls);
    }

    /**
     * A broker again on the same port and with the same users as this one: fresh (nothing retained, no sessions), or,
     * for a {@link #persistent} one, with what it saved when it stopped.
     */
    public TestBroker again() throws Exception {
        return start(dir, port, users, acl, persistent, tls);
    }

    private static TestBroker start(
            Path dir, int port, Map<String, String> users, Path acl, boolean persistent, String tls) throws Exception {
        String mosquitto = executable("mosquitto");
        Assumptions.assumeTrue(
                mosquitto != null, "mosquitto is not installed (apt-get install mosquitto); CI installs it");
        Files.createDirectories(dir);
        StringBuilder conf = new StringBuilder()
                .append("listener ")
                .append(port)
                .append(' ')
                .append(HOST)
                .append('\n')
                .append(persistent ? "persistence true\npersistence_location " + dir + "/\n" : "persistence false\n")
                // Run as root, Mosquitto would switch to user mosquitto, who cannot read the test's temp folder.
                .append("user ")
                .append(System.getProperty("user.name"))
                .append('\n')
                .append("log_dest file ")
                .append(dir.resolve("mosquitto.log"))
                .append('\n')
                .append("log_type all\n")
                .append(tls);
        if (!tls.isEmpty()) {
            // The certificate proves who the client is: no password file, nobody without one.
            conf.append("allow_anonymous false\n");
        } else if (users.isEmpty()) {
            conf.append("allow_anonymous true\n");
        } else {
            Path passwords = dir.resolve("passwords");
            String passwd = executable("mosquitto_passwd");
            Assumptions.assumeTrue(passwd != null, "mosquitto_passwd is not installed (package mosquitto)");
            Files.deleteIfExists(passwords);
            Files.createFile(passwords);
            for (Map.Entry<String, String> user : users.entrySet()) {
                Process p = new ProcessBuilder(passwd, "-b", passwords.toString(), user.getKey(), user.getValue())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("mosquitto_passwd failed: " + out);
                }
            }
            if (acl != null) {
                conf.append("acl_file ").append(acl).append('\n');
            }
            conf.append("allow_anonymous false\n")
                    .append("password_file ")
                    .append(passwords)
                    .append('\n');
        }
        Path confFile = dir.resolve("mosquitto.conf");
        Files.writeString(confFile, conf.toString());
        TestBroker broker = new TestBroker(dir, port, users, acl, persistent, tls);
        broker.process = new ProcessBuilder(mosquitto, "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile())
                .start();
        broker.awaitListening();
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return (tls.isEmpty() ? "tcp://" : "ssl://") + HOST + ":" + port;
    }

    /** The broker's own log, for a failing test's message. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            Path out = dir.resolve("mosquitto.out");
            return (Files.exists(out) ? Files.readString(out) : "")
                    + (Files.exists(log) ? Files.readString(log) : "(no log)");
        } catch (IOException e) {
            return "(cannot read the broker's log: " + e + ")";
        }
    }

    /** Ends the broker process (SIGTERM) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGSTOP: the broker holds its connections open and answers nothing, so publishes stay in flight. */
    public void freeze() throws Exception {
        signal("-STOP");
    }

    /** SIGKILL, a crash: nothing saved since the last autosave, no goodbye to anyone. */
    public void kill() throws Exception {
        signal("-KILL");
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " failed for mosquitto " + process.pid());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void awaitListening() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20); // between polls of a condition with a deadline
            }
        }
        stop();
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s: " + log());
    }

    private static String executable(String name) {
        for (String place : PLACES) {
            Path p = Path.of(place).resolveSibling(name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String path = System.getenv("PATH");
        for (String d : path == null ? new String[0] : path.split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }
}
