package org.openmusicbox.edge.api.http;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openmusicbox.edge.box.Box;
import org.openmusicbox.edge.box.Health;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Health and system information (original-system.md §4.4, S1-S2). Health answers 200 while the
 * agent serves, even when degraded, so that readiness checks and parents see the reason; only an
 * unusable library answers 503.
 */
public final class SystemRoutes {

    public static final String VERSION = "0.1.0";

    private final Box box;
    private final Replies replies;
    private final Map<String, Object> endpoints;

    public SystemRoutes(Box box, Replies replies, Map<String, Object> endpoints) {
        this.box = box;
        this.replies = replies;
        this.endpoints = Map.copyOf(endpoints);
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/health", this::health)
                .add(HttpMethod.GET, "/api/system/info", this::info);
    }

    private Mono<ServerResponse> health(ServerRequest request) {
        return Mono.fromFuture(box.ask(() -> box.broadcaster().currentSeq()))
                .flatMap(seq -> {
                    Health health = box.health();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("status", health.status());
                    data.put("components", health.components());
                    data.put("details", health.details());
                    data.put("uptime_s", uptimeSeconds());
                    data.put("timestamp", System.currentTimeMillis() / 1000.0);
                    data.put("server_seq", seq);
                    HttpStatus status = Health.UNHEALTHY.equals(health.status())
                            ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
                    return replies.success(status, ApiSuccess.of("Health " + health.status(), data).withServerSeq(seq));
                });
    }

    private Mono<ServerResponse> info(ServerRequest request) {
        return Mono.fromFuture(box.ask(() -> box.broadcaster().currentSeq()))
                .flatMap(seq -> {
                    Runtime runtime = Runtime.getRuntime();
                    Map<String, Object> system = new LinkedHashMap<>();
                    system.put("platform", System.getProperty("os.name"));
                    system.put("platform_release", System.getProperty("os.version"));
                    system.put("architecture", System.getProperty("os.arch"));
                    system.put("java_version", System.getProperty("java.version"));
                    system.put("processors", runtime.availableProcessors());
                    system.put("jvm_heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
                    system.put("jvm_heap_max_bytes", runtime.maxMemory());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("system_info", system);
                    data.put("version", VERSION);
                    data.put("hostname", hostname());
                    data.put("uptime", uptimeSeconds());
                    data.put("endpoints", endpoints);
                    data.put("server_seq", seq);
                    return replies.success(HttpStatus.OK, ApiSuccess.of("System information", data).withServerSeq(seq));
                });
    }

    private static long uptimeSeconds() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
