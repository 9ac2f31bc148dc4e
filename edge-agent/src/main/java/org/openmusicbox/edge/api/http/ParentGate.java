package org.openmusicbox.edge.api.http;

import java.net.InetSocketAddress;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.ParentAccess.Verdict;
import org.openmusicbox.edge.access.Throttle;
import org.openmusicbox.edge.box.Inbox;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets a request through a route only when its sender may use it. The check is a filter on each
 * route ({@link Routes#add}), so it runs for exactly the route the router chose, whatever spelling of
 * the path got the request there. Changes need the parent access token
 * ({@code Authorization: Bearer <token>}); reading needs it only when {@code omb.auth.read-open} is
 * false; the buttons are also throttled per address, so a child hammering play cannot flood the box.
 */
public final class ParentGate {

    private static final String VERDICT = ParentGate.class.getName() + ".verdict";

    private final ParentAccess access;
    private final boolean readOpen;
    private final Throttle buttons;
    private final Replies replies;

    public ParentGate(ParentAccess access, boolean readOpen, Throttle buttons, Replies replies) {
        this.access = access;
        this.readOpen = readOpen;
        this.buttons = buttons;
        this.replies = replies;
    }

    /** The filter that guards one route of the given access. */
    HandlerFilterFunction<ServerResponse, ServerResponse> at(Access level) {
        return (request, next) -> {
            Verdict verdict = verdict(request.exchange());
            if (level == Access.OPEN || (level == Access.READ && readOpen)) {
                return next.handle(request);
            }
            return switch (verdict) {
                case PARENT -> level == Access.BUTTON && !buttons.allow(address(request.exchange()))
                        ? replies.error(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                                "Too many player commands. Please slow down.")
                        : next.handle(request);
                case LOCKED -> replies.error(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error",
                        "Too many wrong parent tokens from this device; try again in a minute");
                case REFUSED -> replies.unauthorized(token(request.exchange()) == null
                        ? "This needs the parent access token: Authorization: Bearer <token>"
                        : "Wrong parent access token");
            };
        };
    }

    /**
     * What the request's token says, checked once per request and kept with it: a wrong token is a
     * guess wherever it is shown, and is counted once.
     */
    public Verdict verdict(ServerWebExchange exchange) {
        Verdict known = exchange.getAttribute(VERDICT);
        if (known != null) {
            return known;
        }
        Verdict verdict = access.check(token(exchange), address(exchange));
        exchange.getAttributes().put(VERDICT, verdict);
        return verdict;
    }

    /** True when the request reached its route with the right parent token (or access control is off). */
    static boolean isParent(ServerRequest request) {
        return request.attribute(VERDICT).orElse(null) == Verdict.PARENT;
    }

    /** The box thread's lane for a request's work: a guest's reads wait behind the parent's. */
    static Inbox.Lane lane(ServerRequest request) {
        return isParent(request) ? Inbox.Lane.PARENT : Inbox.Lane.GUEST;
    }

    private static String token(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }

    static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
