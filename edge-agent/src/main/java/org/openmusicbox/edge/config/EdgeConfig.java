package org.openmusicbox.edge.config;

import java.nio.file.Path;

/**
 * Every setting of the edge agent, with its default in one place ({@link ConfigLoader#DEFAULTS}).
 * Property {@code omb.http.port} is set by env {@code OMB_HTTP_PORT}, a {@code -Domb.http.port}
 * system property, or {@code omb: {http: {port: ...}}} in the YAML file; the compact constructors
 * reject values the box cannot run with, so a bad setting stops the start with a clear message.
 */
public record EdgeConfig(String bind, Path dataDir, Http http, Socketio socketio, Sync sync, Audio audio) {

    public EdgeConfig {
        require(bind != null && !bind.isBlank(), "omb.bind must name an address");
        require(dataDir != null, "omb.data-dir must be set");
        require(http != null && socketio != null && sync != null && audio != null,
                "omb.http, omb.socketio, omb.sync and omb.audio must be set");
        require(http.port() != socketio.port() || http.port() == 0,
                "omb.http.port and omb.socketio.port must differ");
    }

    public record Http(int port, int maxBodyBytes) {
        public Http {
            requirePort(port, "omb.http.port");
            require(maxBodyBytes >= 1024, "omb.http.max-body-bytes must be at least 1024");
        }
    }

    public record Socketio(int port, int maxPayloadBytes) {
        public Socketio {
            requirePort(port, "omb.socketio.port");
            require(maxPayloadBytes >= 1024, "omb.socketio.max-payload-bytes must be at least 1024");
        }
    }

    public record Sync(int historySize) {
        public Sync {
            require(historySize >= 1 && historySize <= 100_000, "omb.sync.history-size must be 1..100000");
        }
    }

    /**
     * Where audio goes: {@code auto} (the default sound device, else silent), {@code device} or
     * {@code device:<mixer name>} (that device; if it cannot be opened health says so and the box
     * stays silent), {@code silent}, or {@code file:<path>} (a WAV file, for machines without sound).
     */
    public record Audio(String output) {
        public Audio {
            require(output != null && (output.equals("auto") || output.equals("silent") || output.equals("device")
                            || (output.startsWith("device:") && output.length() > 7)
                            || (output.startsWith("file:") && output.length() > 5)),
                    "omb.audio.output must be auto, silent, device, device:<name> or file:<path>");
        }
    }

    private static void requirePort(int port, String name) {
        require(port >= 0 && port <= 65535, name + " must be 0..65535 (0 picks a free port)");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidConfigException(message);
        }
    }

    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(String message) {
            super(message);
        }

        public InvalidConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
