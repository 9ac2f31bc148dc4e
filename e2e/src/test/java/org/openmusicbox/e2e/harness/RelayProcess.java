package org.openmusicbox.e2e.harness;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of the cloud relay: {@code java -jar cloud-functions.jar} in its {@code relay} profile, on a free
 * HTTP port, logged in to the test's broker on the cloud listener with a client id of its own, and reading the same
 * database and S3 as the cloud app. Several run side by side as behind a load balancer; a phone talks to one.
 */
public final class RelayProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Class<?> owner;
    private final String name;
    private final Map<String, String> env = new HashMap<>();
    private final int port = Ports.free();
    private ChildProcess process;

    private RelayProcess(Class<?> owner, String name, Database database, Broker broker, S3 s3) {
        this.owner = owner;
        this.name = name;
        env.put("SPRING_PROFILES_ACTIVE", "relay");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("SPRING_R2DBC_URL", database.r2dbcUrl());
        env.put("SPRING_R2DBC_USERNAME", "postgres");
        env.put("OMB_MQTT_URL", broker.cloudUrl());
        env.put("OMB_MQTT_USERNAME", Broker.CLOUD_USER);
        env.put("OMB_MQTT_PASSWORD", Broker.CLOUD_PASSWORD);
        env.put("OMB_MQTT_CLIENT_ID", "omb-e2e-" + name);
        env.put("OMB_S3_ENDPOINT", s3.endpoint());
        env.put("OMB_S3_REGION", S3.REGION);
        env.put("OMB_S3_BUCKET", S3.BUCKET);
        env.put("OMB_S3_ACCESS_KEY", S3.ACCESS_KEY);
        env.put("OMB_S3_SECRET_KEY", S3.SECRET_KEY);
    }

    /** Starts an instance named {@code name} (its log file and MQTT client id) and waits until it answers. */
    public static RelayProcess start(Class<?> owner, String name, Database database, Broker broker, S3 s3) {
        RelayProcess relay = new RelayProcess(owner, name, database, broker, s3);
        relay.start();
        return relay;
    }

    public void start() {
        process = ChildProcess.start(
                name,
                Logs.file(owner, name),
                List.of(
                        "java",
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        Jars.cloudFunctions().toString()),
                env);
        Http plain = new Http("http://127.0.0.1:" + port, null);
        Poll.until(
                name + " to answer GET " + HEALTH + " on port " + port,
                START_TIMEOUT,
                () -> {
                    process.requireAlive("start");
                    return plain.get(HEALTH).ok();
                },
                process::tail);
    }

    /** The relay's own health route. */
    static final String HEALTH = "/relay/health";

    public void kill() {
        process.kill();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/boxes/<deviceId>}, to which an API path is added. */
    public String boxBase(String deviceId) {
        return "http://127.0.0.1:" + port + "/boxes/" + deviceId;
    }

    /** The API of one box through this instance, with {@code credential} as a phone's (none when null). */
    public Http box(String deviceId, String credential) {
        return new Http(boxBase(deviceId), credential);
    }

    /** Where a phone's Socket.IO for one box is. */
    public URI socketIo(String deviceId) {
        return URI.create("ws://127.0.0.1:" + port + "/boxes/" + deviceId + "/socket.io/");
    }

    @Override
    public void close() {
        if (process != null && process.alive()) {
            process.stop();
        }
        Logs.forget(name);
    }
}
