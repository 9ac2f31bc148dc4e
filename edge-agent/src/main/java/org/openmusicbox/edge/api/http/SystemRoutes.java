package org.openmusicbox.edge.api.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.box.Health;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Health and system information (differences from the original in docs/protocol.md). Health answers
 * 200 while the agent serves, even when degraded, so that readiness checks and parents see the reason; only an
 * unusable library answers 503.
 */
public final class SystemRoutes {

    public static final String VERSION = "0.1.0";

    private final Inbox inbox;
    private final LongSupplier currentSeq;
    private final Supplier<Health> health;
    private final Replies replies;
    private final Map<String, Object> endpoints;
    private final Supplier<Map<String, Object>> access;
    private final Supplier<String> boxName;
    private final Path media;

    /**
     * @param currentSeq the last sequence number given out
     * @param health the box's health, read on the calling thread
     * @param access what the web page needs to know before asking a parent for the code (read at each request:
     *               {@code claimed} changes)
     * @param boxName the name the parent gave the box, or empty
     * @param media the folder whose disk the free space is reported for
     */
    public SystemRoutes(
            Inbox inbox,
            LongSupplier currentSeq,
            Supplier<Health> health,
            Replies replies,
            Map<String, Object> endpoints,
            Supplier<Map<String, Object>> access,
            Supplier<String> boxName,
            Path media) {
        this.inbox = inbox;
        this.currentSeq = currentSeq;
        this.health = health;
        this.replies = replies;
        this.endpoints = Map.copyOf(endpoints);
        this.access = access;
        this.boxName = boxName;
        this.media = media;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/health", Access.OPEN, this::health)
                .add(HttpMethod.GET, "/api/system/info", Access.OPEN, this::info)
                .add(HttpMethod.POST, "/api/access/check", Access.PARENT, this::accessCheck);
    }

    /** A parent route: arriving here means {@link ParentGate} found the token right. */
    private Mono<ServerResponse> accessCheck(ServerRequest request) {
        return replies.ok("Parent access token accepted", Map.of("parent", true));
    }

    private Mono<ServerResponse> health(ServerRequest request) {
        // Not through the box thread: health must answer while a flood fills the inbox.
        return Mono.fromSupplier(currentSeq::getAsLong).flatMap(seq -> {
            Health health = this.health.get();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", health.status());
            data.put("components", health.components());
            data.put("details", health.details());
            data.put("services", health.services());
            data.put("storage_space", space());
            data.put("uptime_s", uptimeSeconds());
            data.put("timestamp", System.currentTimeMillis() / 1000.0);
            data.put("server_seq", seq);
            HttpStatus status =
                    Health.UNHEALTHY.equals(health.status()) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
            return replies.success(
                    status, ApiSuccess.of("Health " + health.status(), data).withServerSeq(seq));
        });
    }

    /**
     * What the page needs before a parent signs in (the Socket.IO port, the access mode) is for
     * anyone; the machine's details (hostname, kernel, Java) only for the parent, since they tell an
     * outsider what to attack (the version included).
     */
    private Mono<ServerResponse> info(ServerRequest request) {
        boolean parent = ParentGate.isParent(request);
        return Mono.fromFuture(inbox.ask(ParentGate.lane(request), currentSeq::getAsLong))
                .flatMap(seq -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    if (parent) {
                        data.put("version", VERSION);
                        Runtime runtime = Runtime.getRuntime();
                        Map<String, Object> system = new LinkedHashMap<>();
                        system.put("platform", System.getProperty("os.name"));
                        system.put("platform_release", System.getProperty("os.version"));
                        system.put("architecture", System.getProperty("os.arch"));
                        system.put("java_version", System.getProperty("java.version"));
                        system.put("processors", runtime.availableProcessors());
                        system.put("jvm_heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
                        system.put("jvm_heap_max_bytes", runtime.maxMemory());
                        data.put("system_info", system);
                        data.put("hostname", hostname());
                        data.put("uptime", uptimeSeconds());
                    }
                    data.put("endpoints", endpoints);
                    data.put("access", access.get());
                    data.put("box_name", boxName.get());
                    data.put("server_seq", seq);
                    return replies.success(
                            HttpStatus.OK,
                            ApiSuccess.of("System information", data).withServerSeq(seq));
                });
    }

    /** Read live: it is one statvfs call, and an upload can change it at any moment. */
    private Map<String, Object> space() {
        Map<String, Object> space = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(media);
            space.put("free_bytes", store.getUsableSpace());
            space.put("total_bytes", store.getTotalSpace());
        } catch (IOException e) {
            space.put("free_bytes", null);
            space.put("total_bytes", null);
        }
        return space;
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
