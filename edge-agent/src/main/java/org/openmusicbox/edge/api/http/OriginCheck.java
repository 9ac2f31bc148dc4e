package org.openmusicbox.edge.api.http;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Cross-origin requests: only from the origins named in {@code omb.http.allowed-origins} (the cloud
 * relay's, later). The box's own page is same-origin and needs none of this. A request from any other
 * origin is refused with 403 before a route runs, whatever its content type, so a page on another
 * site open in a parent's browser can neither change nor read anything, even with a body that needs
 * no preflight. No credentials are ever allowed: the parent token travels in a header the page sets.
 */
public final class OriginCheck implements WebFilter {

    private final CorsConfiguration allowed = new CorsConfiguration();
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final Replies replies;

    public OriginCheck(List<String> origins, Replies replies) {
        this.replies = replies;
        allowed.setAllowedOrigins(List.copyOf(origins));
        allowed.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
        allowed.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        allowed.setAllowCredentials(false);
        allowed.setMaxAge(600L);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        boolean crossOrigin;
        try {
            crossOrigin = CorsUtils.isCorsRequest(request);
        } catch (RuntimeException malformedOrigin) {
            crossOrigin = true;
        }
        if (!crossOrigin) {
            return chain.filter(exchange);
        }
        boolean valid;
        try {
            valid = processor.process(allowed, exchange);
        } catch (RuntimeException malformedOrigin) {
            valid = false;
        }
        if (!valid) {
            return replies.refuse(
                    exchange,
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Requests from this origin are not allowed; only the box's own page and the origins in "
                            + "omb.http.allowed-origins may call the box from a browser");
        }
        if (CorsUtils.isPreFlightRequest(request)) {
            return Mono.empty();
        }
        return chain.filter(exchange);
    }
}
