package org.openmusicbox.edge.api.http;

import java.net.InetSocketAddress;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.Throttle;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets a request through only when its sender may do what it asks. Changes need the parent access
 * token ({@code Authorization: Bearer <token>}); reading needs it only when {@code omb.auth.read-open}
 * is false. Health and the simulated reader (which stands in for a child's hand) are always open.
 * Player commands are also throttled per address, so a child hammering play cannot flood the box.
 */
public final class ParentGate implements WebFilter {

    /** The commands a child can hammer; seek, volume and the settings are not limited. */
    private static final java.util.Set<String> BUTTONS = java.util.Set.of("/api/player/play", "/api/player/pause",
            "/api/player/stop", "/api/player/toggle", "/api/player/next", "/api/player/previous");

    private final ParentAccess access;
    private final boolean readOpen;
    private final Throttle playerCommands;
    private final JsonCodec codec;

    public ParentGate(ParentAccess access, boolean readOpen, Throttle playerCommands, JsonCodec codec) {
        this.access = access;
        this.readOpen = readOpen;
        this.playerCommands = playerCommands;
        this.codec = codec;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        String path = request.getPath().value();
        HttpMethod method = request.getMethod();
        String address = address(exchange);
        if (method == HttpMethod.POST && BUTTONS.contains(path) && !playerCommands.allow(address)) {
            return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                    "Too many player commands. Please slow down.");
        }
        boolean reading = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (method == HttpMethod.OPTIONS || !path.startsWith("/api/") || path.equals("/api/health")
                || path.startsWith("/api/nfc/simulator/") || (reading && readOpen)) {
            return chain.filter(exchange);
        }
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        return switch (access.check(token, address)) {
            case PARENT -> chain.filter(exchange);
            case LOCKED -> refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                    "Too many wrong parent tokens from this device; try again in a minute");
            case REFUSED -> refuse(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", token == null
                    ? "This needs the parent access token: Authorization: Bearer <token>"
                    : "Wrong parent access token");
        };
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String type, String message) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(codec.toBytes(ApiError.of(type, message)))));
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
