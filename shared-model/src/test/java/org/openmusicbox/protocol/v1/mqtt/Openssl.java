package org.openmusicbox.protocol.v1.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The openssl command line in a folder of the test's, making keys and certificates as an operator would. */
final class Openssl {

    private final Path dir;

    Openssl(Path dir) {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed (apt-get install openssl)");
        this.dir = dir;
    }

    /** Runs {@code openssl args...} in the folder; fails the test with its output when it fails. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    /** A self-signed certificate {@code name.crt} for the key {@code name.key}. */
    String selfSigned(String name) throws IOException, InterruptedException {
        run("req", "-new", "-x509", "-key", name + ".key", "-subj", "/CN=" + name, "-days", "2", "-out", name + ".crt");
        return read(name + ".crt");
    }
}
