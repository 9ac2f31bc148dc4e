package org.openmusicbox.edge.api.http;

import java.util.Map;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.api.ClaimRequest;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.setup.Claim;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The first run and the parent's login: where the box stands ({@code GET /api/setup}), claiming a new box
 * ({@code POST /api/setup/claim}), logging in with the parent code and out again. Hashing a code is slow on
 * purpose, so it runs off the event loop.
 */
public final class SetupRoutes {

    private final Claim claim;
    private final ParentAccess access;
    private final Bodies bodies;
    private final Replies replies;

    public SetupRoutes(Claim claim, ParentAccess access, Bodies bodies, Replies replies) {
        this.claim = claim;
        this.access = access;
        this.bodies = bodies;
        this.replies = replies;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/setup", Access.OPEN, this::state)
                .add(HttpMethod.POST, "/api/setup/claim", Access.OPEN, this::claim)
                .add(HttpMethod.POST, "/api/access/login", Access.OPEN, this::login)
                .add(HttpMethod.POST, "/api/access/logout", Access.PARENT, this::logout);
    }

    private Mono<ServerResponse> state(ServerRequest request) {
        return replies.ok("Setup state", ClaimRequest.shown(claim.state()));
    }

    private Mono<ServerResponse> claim(ServerRequest request) {
        return bodies.read(request)
                .publishOn(Schedulers.boundedElastic())
                .map(payload -> ClaimRequest.begin(claim, payload))
                .flatMap(state -> replies.success(
                        HttpStatus.ACCEPTED,
                        ApiSuccess.of(
                                "Now press any button on the box or place any tag on it", ClaimRequest.shown(state))))
                .onErrorResume(BoxError.class, e -> replies.error(e, null));
    }

    private Mono<ServerResponse> login(ServerRequest request) {
        String address = ParentGate.address(request.exchange());
        return bodies.read(request)
                .publishOn(Schedulers.boundedElastic())
                .flatMap(payload -> {
                    String code = payload.requiredString("parent_code", 1000);
                    payload.check();
                    if (!claim.claimed()) {
                        return replies.error(
                                HttpStatus.FORBIDDEN, "setup_required", "This box is new: set it up first");
                    }
                    ParentAccess.Login login = access.login(code, address);
                    return switch (login.verdict()) {
                        case PARENT -> replies.ok("Logged in", Map.of("token", login.session()));
                        case LOCKED ->
                            replies.error(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "rate_limit_error",
                                    "Too many wrong parent codes from this device; try again in a minute");
                        case REFUSED -> replies.unauthorized("Wrong parent code");
                    };
                })
                .onErrorResume(BoxError.class, e -> replies.error(e, null));
    }

    /** A parent route: the credential shown is a right one; a session is ended, the configured token stays. */
    private Mono<ServerResponse> logout(ServerRequest request) {
        String presented = ParentGate.token(request.exchange());
        return Mono.fromRunnable(() -> access.logout(presented))
                .subscribeOn(Schedulers.boundedElastic())
                .then(replies.ok("Logged out", Map.of("parent", false)));
    }
}
