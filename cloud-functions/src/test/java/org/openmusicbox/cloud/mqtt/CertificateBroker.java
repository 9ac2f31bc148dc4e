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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Mosquitto of the test's own with one TLS listener that lets in only clients with a certificate from the test's
 * CA, each under its certificate's common name as user name, with the shipped ACL: a broker that wants a client
 * certificate, as AWS IoT Core does. The CA and the broker's certificate come from the shipped
 * infra/cloud/broker-certs.sh; clients' keys and certificates from the openssl command line ({@link #client}).
 */
final class CertificateBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final Process process;

    private CertificateBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A CA in {@code caDir} ({@code ca.crt}, {@code ca.key}) with a broker certificate for 127.0.0.1. */
    static void makeCa(Path caDir) throws IOException, InterruptedException {
        Path script = AclBroker.infra().resolve("../cloud/broker-certs.sh").normalize();
        run(caDir.getParent(), List.of("bash", script.toString(), caDir.toString(), "127.0.0.1"));
    }

    /**
     * A client's key made by {@code keyCommand} (openssl arguments writing {@code <name>.key} in {@code clientDir}),
     * and its certificate {@code <name>.crt} for common name {@code name}, signed by the CA in {@code caDir}.
     */
    static void client(Path caDir, Path clientDir, String name, String... keyCommand)
            throws IOException, InterruptedException {
        Files.createDirectories(clientDir);
        run(clientDir, List.of(keyCommand));
        run(
                clientDir,
                List.of(
                        "openssl",
                        "req",
                        "-new",
                        "-key",
                        name + ".key",
                        "-subj",
                        "/CN=" + name,
                        "-out",
                        name + ".csr"));
        run(
                clientDir,
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        name + ".csr",
                        "-CA",
                        caDir + "/ca.crt",
                        "-CAkey",
                        caDir + "/ca.key",
                        "-set_serial",
                        Long.toString(System.nanoTime()),
                        "-days",
                        "2",
                        "-out",
                        name + ".crt"));
    }

    static CertificateBroker start(Path dir, Path caDir) throws IOException {
        AclBroker.requireMosquitto();
        Files.createDirectories(dir);
        Files.copy(AclBroker.infra().resolve("acl"), dir.resolve("acl"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String config = String.join(
                "\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + caDir.resolve("ca.crt"),
                "certfile " + caDir.resolve("server.crt"),
                "keyfile " + caDir.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "allow_anonymous false",
                "acl_file " + dir.resolve("acl"),
                "persistence false",
                "log_type all",
                // As root Mosquitto would drop to user mosquitto, who cannot read the test's temp folder.
                "user " + System.getProperty("user.name"),
                "");
        Files.writeString(dir.resolve("mosquitto.conf"), config);
        Process process = new ProcessBuilder(
                        "mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        CertificateBroker broker = new CertificateBroker(dir, port, process);
        broker.awaitListening();
        return broker;
    }

    String url() {
        return "ssl://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Mosquitto did not listen within " + START_TIMEOUT + ":\n" + log());
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("LC_ALL", "C"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
