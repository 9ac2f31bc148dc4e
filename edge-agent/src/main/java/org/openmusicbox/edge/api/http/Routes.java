package org.openmusicbox.edge.api.http;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Collects the API's routes and remembers their paths, so that a request for a known path with the
 * wrong method gets 405 and an unknown path 404, both in the error envelope (never a bare body).
 */
public final class Routes {

    private final RouterFunctions.Builder builder = RouterFunctions.route();
    private final List<PathPattern> known = new ArrayList<>();
    private final Replies replies;

    public Routes(Replies replies) {
        this.replies = replies;
    }

    public Routes add(HttpMethod method, String path, HandlerFunction<ServerResponse> handler) {
        known.add(PathPatternParser.defaultInstance.parse(path));
        builder.route(RequestPredicates.method(method).and(RequestPredicates.path(path)), handler);
        return this;
    }

    /** A route that answers for paths outside the API (the web page): not counted for 405. */
    public Routes addUnlisted(RequestPredicate predicate, HandlerFunction<ServerResponse> handler) {
        builder.route(predicate, handler);
        return this;
    }

    public RouterFunction<ServerResponse> build() {
        return builder.route(RequestPredicates.all(), this::fallback).build();
    }

    private Mono<ServerResponse> fallback(ServerRequest request) {
        PathContainer path = PathContainer.parsePath(request.path());
        boolean pathKnown = known.stream().anyMatch(p -> p.matches(path));
        if (pathKnown) {
            return replies.error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method() + " is not allowed on " + request.path());
        }
        return replies.error(HttpStatus.NOT_FOUND, "not_found", "No such endpoint: " + request.path());
    }
}
