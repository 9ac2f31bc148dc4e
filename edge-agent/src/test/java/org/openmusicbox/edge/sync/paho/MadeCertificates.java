package org.openmusicbox.edge.sync.paho;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Keys and certificates made the way an operator makes them: a CA and the broker's certificate by the shipped
 * infra/cloud/broker-certs.sh, a box's key and request by the openssl command line "on the box", signed by the
 * shipped infra/cloud/sign-box.sh.
 */
final class MadeCertificates {

    private static final Path CLOUD_SCRIPTS =
            Path.of(System.getProperty("user.dir")).resolve("../infra/cloud").normalize();

    /** A CA of its own in {@code dir}, with {@code ca.crt}, and a broker certificate for 127.0.0.1. */
    final Path dir;

    private MadeCertificates(Path dir) {
        this.dir = dir;
    }

    static MadeCertificates ca(Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed (apt-get install openssl)");
        run(
                dir.getParent(),
                Map.of(),
                "bash",
                CLOUD_SCRIPTS.resolve("broker-certs.sh").toString(),
                dir.toString(),
                "127.0.0.1");
        return new MadeCertificates(dir);
    }

    Path caCert() {
        return dir.resolve("ca.crt");
    }

    Path serverCert() {
        return dir.resolve("server.crt");
    }

    Path serverKey() {
        return dir.resolve("server.key");
    }

    /**
     * A box's key ({@code keyCommand}, openssl arguments writing {@code <id>.key}), its request with the id as common
     * name, and the certificate this CA signs from it; returns the key file, next to {@code <id>.crt}.
     */
    Path box(Path boxDir, String id, String... keyCommand) throws IOException, InterruptedException {
        Files.createDirectories(boxDir);
        List<String> key = new ArrayList<>(List.of("openssl"));
        key.addAll(List.of(keyCommand));
        run(boxDir, Map.of(), key.toArray(String[]::new));
        run(boxDir, Map.of(), "openssl", "req", "-new", "-key", id + ".key", "-subj", "/CN=" + id, "-out", id + ".csr");
        run(
                boxDir,
                Map.of("OMB_BOX_CA_DIR", dir.toString(), "OMB_BROKER_HOST", "127.0.0.1"),
                "bash",
                CLOUD_SCRIPTS.resolve("sign-box.sh").toString(),
                id,
                id + ".csr",
                id + ".crt");
        return boxDir.resolve(id + ".key");
    }

    /** A box with an EC key in SEC1, as {@code openssl ecparam -genkey -noout} writes it (terraform/README.md). */
    Path ecBox(Path boxDir, String id) throws IOException, InterruptedException {
        return box(boxDir, id, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", id + ".key");
    }

    /** A key and certificate for the cloud's user, omb-cloud, signed by this CA with openssl. */
    Path cloud(Path cloudDir) throws IOException, InterruptedException {
        Files.createDirectories(cloudDir);
        run(
                cloudDir,
                Map.of(),
                "openssl",
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                "omb-cloud.key");
        run(
                cloudDir,
                Map.of(),
                "openssl",
                "req",
                "-new",
                "-key",
                "omb-cloud.key",
                "-subj",
                "/CN=omb-cloud",
                "-out",
                "omb-cloud.csr");
        run(
                cloudDir,
                Map.of(),
                "openssl",
                "x509",
                "-req",
                "-in",
                "omb-cloud.csr",
                "-CA",
                caCert().toString(),
                "-CAkey",
                dir.resolve("ca.key").toString(),
                "-set_serial",
                Long.toString(System.nanoTime()),
                "-days",
                "2",
                "-out",
                "omb-cloud.crt");
        return cloudDir.resolve("omb-cloud.key");
    }

    static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
