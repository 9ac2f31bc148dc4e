package org.openmusicbox.edge.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The edge agent as its own process, from the test classpath: for what only a process shows (kill -9, an exit
 * status, a will sent by the broker). Silent audio, loopback, no config file or token from the machine's
 * environment; {@code env} adds to that and wins.
 */
final class AgentProcess {

    private AgentProcess() {}

    static Process start(Path log, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.openmusicbox.edge.EdgeAgent")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("OMB_CONFIG");
        builder.environment().remove("OMB_AUTH_TOKEN");
        builder.environment().remove("OMB_CLOUD_URL");
        builder.environment().put("OMB_BIND", "127.0.0.1");
        builder.environment().put("OMB_AUDIO_OUTPUT", "silent");
        builder.environment().putAll(env);
        return builder.start();
    }
}
