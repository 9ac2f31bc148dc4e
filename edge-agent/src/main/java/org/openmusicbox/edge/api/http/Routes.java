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
 * Collects the API's routes, each with who may use it: the {@link ParentGate} check is a filter on
 * that route alone, so whatever spelling of a path the router accepts, the request passes the check
 * of the route it reaches. Remembers the paths, so that a request for a known path with the wrong
 * method gets 405 and an unknown path 404, both in the error envelope (never a bare body).
 */
public final class Routes {

    private final RouterFunctions.Builder builder = RouterFunctions.route();
    private final List<PathPattern> known = new ArrayList<>();
    private final Replies replies;
    private final ParentGate gate;

    public Routes(Replies replies, ParentGate gate) {
        this.replies = replies;
        this.gate = gate;
    }

    /** @param access who may use it; {@link Access#READ} only for GET, since anything else changes something */
    public Routes add(HttpMethod method, String path, Access access, HandlerFunction<ServerResponse> handler) {
        if (access == Access.READ && method != HttpMethod.GET) {
            throw new IllegalArgumentException(method + " " + path + " changes something: it cannot be READ");
        }
        known.add(PathPatternParser.defaultInstance.parse(path));
        builder.add(RouterFunctions.route(RequestPredicates.method(method).and(RequestPredicates.path(path)), handler)
                .filter(gate.at(access)));
        return this;
    }

    /** A route that answers for paths outside the API (the web page): not counted for 405. */
    public Routes addUnlisted(RequestPredicate predicate, Access access, HandlerFunction<ServerResponse> handler) {
        builder.add(RouterFunctions.route(predicate, handler).filter(gate.at(access)));
        return this;
    }

    public RouterFunction<ServerResponse> build() {
        return builder.route(RequestPredicates.all(), this::fallback).build();
    }

    private Mono<ServerResponse> fallback(ServerRequest request) {
        PathContainer path = PathContainer.parsePath(request.path());
        boolean pathKnown = known.stream().anyMatch(p -> p.matches(path));
        if (pathKnown) {
            return replies.error(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    request.method() + " is not allowed on " + request.path());
        }
        return replies.error(HttpStatus.NOT_FOUND, "not_found", "No such endpoint: " + request.path());
    }
}
