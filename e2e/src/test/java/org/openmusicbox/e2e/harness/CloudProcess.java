package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud app, {@code java -jar cloud-functions.jar}, on a free HTTP port, with the test's database, broker (its
 * own listener and user) and S3. Its client id and sync instance are fixed, so a restart keeps its MQTT session and
 * the messages the broker queued in it, as the README asks of a deployment.
 */
public final class CloudProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Class<?> owner;
    private final Map<String, String> env = new HashMap<>();
    private final int port = Ports.free();
    private final Http http;
    private ChildProcess process;

    private CloudProcess(Class<?> owner, Database database, Broker broker, S3 s3) {
        this.owner = owner;
        this.http = new Http("http://127.0.0.1:" + port, null);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("SPRING_R2DBC_URL", database.r2dbcUrl());
        env.put("SPRING_R2DBC_USERNAME", "postgres");
        env.put("OMB_MQTT_URL", broker.cloudUrl());
        env.put("OMB_MQTT_USERNAME", Broker.CLOUD_USER);
        env.put("OMB_MQTT_PASSWORD", Broker.CLOUD_PASSWORD);
        env.put("OMB_MQTT_CLIENT_ID", "omb-cloud-e2e");
        env.put("OMB_SYNC_INSTANCE", "e2e");
        env.put("OMB_S3_ENDPOINT", s3.endpoint());
        env.put("OMB_S3_REGION", S3.REGION);
        env.put("OMB_S3_BUCKET", S3.BUCKET);
        env.put("OMB_S3_ACCESS_KEY", S3.ACCESS_KEY);
        env.put("OMB_S3_SECRET_KEY", S3.SECRET_KEY);
    }

    public static CloudProcess start(Class<?> owner, Database database, Broker broker, S3 s3) {
        CloudProcess cloud = new CloudProcess(owner, database, broker, s3);
        cloud.start();
        return cloud;
    }

    /** As {@link #start}, the app reaching S3 at {@code s3Endpoint} (an {@link S3Gate} in front of {@code s3}). */
    public static CloudProcess start(Class<?> owner, Database database, Broker broker, S3 s3, String s3Endpoint) {
        CloudProcess cloud = new CloudProcess(owner, database, broker, s3);
        cloud.env.put("OMB_S3_ENDPOINT", s3Endpoint);
        cloud.start();
        return cloud;
    }

    /** Starts the app (again) and waits until its HTTP functions answer. */
    public void start() {
        process = ChildProcess.start(
                "cloud",
                Logs.file(owner, "cloud"),
                List.of(
                        "java",
                        "-Xmx384m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        Jars.cloudFunctions().toString()),
                env);
        Poll.until(
                "the cloud app to answer POST /readSyncLog on port " + port,
                START_TIMEOUT,
                () -> {
                    process.requireAlive("start");
                    return readLog("e2e-probe", 0, 1).ok();
                },
                process::tail);
    }

    /** SIGKILL, in the middle of whatever it handles. */
    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop();
    }

    /** POST /editLibrary: a parent's edit of one field made through the cloud. */
    public JsonNode edit(String deviceId, String entity, String entityId, String field, Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("device_id", deviceId);
        body.put("entity", entity);
        body.put("entity_id", entityId);
        body.put("field", field);
        body.put("value", value);
        return http.send("POST", "/editLibrary", body).okBody("editLibrary " + entity + "/" + entityId + "." + field);
    }

    /** POST /readSyncLog: one page of a device's change log after {@code after}. */
    public Http.Answer readLog(String deviceId, long after, int limit) {
        return http.send(
                "POST",
                "/readSyncLog",
                Map.of(
                        "device_id",
                        deviceId,
                        "request_id",
                        "e2e-" + System.nanoTime(),
                        "after",
                        after,
                        "limit",
                        limit));
    }

    public Http http() {
        return http;
    }

    @Override
    public void close() {
        if (process != null && process.alive()) {
            process.stop();
        }
        Logs.forget("cloud");
    }
}
