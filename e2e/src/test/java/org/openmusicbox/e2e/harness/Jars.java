package org.openmusicbox.e2e.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The runnable jars the reactor built before this module: their paths come from the e2e pom. */
public final class Jars {

    private Jars() {}

    public static Path edgeAgent() {
        return existing("omb.e2e.edge-jar", "edge-agent/target/edge-agent.jar");
    }

    public static Path cloudFunctions() {
        return existing("omb.e2e.cloud-jar", "cloud-functions/target/cloud-functions.jar");
    }

    private static Path existing(String property, String relative) {
        String configured = System.getProperty(property);
        Path jar = Path.of(configured != null ? configured : "../" + relative)
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(relative + " is missing (looked at " + jar
                    + "): run mvn -B verify from the root, which packages it" + " before the e2e module");
        }
        return jar;
    }
}
