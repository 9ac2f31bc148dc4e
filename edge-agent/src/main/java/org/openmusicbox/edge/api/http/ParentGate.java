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
import reactor.core.publisher.Mono;

/**
 * Lets a request through a route only when its sender may use it. The check is a filter on each
 * route ({@link Routes#add}), so it runs for exactly the route the router chose, whatever spelling of
 * the path got the request there. On a box nobody has claimed yet every change is refused with 403
 * {@code setup_required}. Changes need a parent's credential ({@code Authorization: Bearer <credential>}:
 * a session from {@code POST /api/access/login} or the configured token); reading needs it only when {@code omb.auth.read-open} is
 * false; the player controls are also limited per address, so a child hammering play on a phone
 * cannot flood the box (the original's limit, with its error: 429 {@code rate_limit_error}). A phone paired for
 * remote access is a parent, but remote access itself ({@link Access#PARENT_CODE}) refuses it with 403
 * {@code parent_code_required}.
 */
public final class ParentGate {

    private static final String VERDICT = ParentGate.class.getName() + ".verdict";
    private static final String PHONE = ParentGate.class.getName() + ".phone";

    private final ParentAccess access;
    private final boolean readOpen;
    private final Throttle controls;
    private final Replies replies;

    /** @param controls the player controls' limit, keyed by address */
    public ParentGate(ParentAccess access, boolean readOpen, Throttle controls, Replies replies) {
        this.access = access;
        this.readOpen = readOpen;
        this.controls = controls;
        this.replies = replies;
    }

    /** The filter that guards one route of the given access. */
    HandlerFilterFunction<ServerResponse, ServerResponse> at(Access level) {
        return (request, next) -> {
            Verdict verdict = verdict(request.exchange());
            if (level == Access.OPEN || (level == Access.READ && readOpen)) {
                return next.handle(request);
            }
            if (level != Access.READ && !access.claimed()) {
                // Checked here, on the route the request reached, so no spelling of a path gets past it.
                return replies.error(
                        HttpStatus.FORBIDDEN,
                        "setup_required",
                        "This box is new: set it up on its web page first (GET /api/setup)");
            }
            return switch (verdict) {
                case PARENT -> {
                    if (level == Access.PARENT_CODE && remotePhone(request) != null) {
                        yield replies.error(
                                HttpStatus.FORBIDDEN,
                                "parent_code_required",
                                "Remote access is managed from a login with the parent code, not from a paired phone");
                    }
                    yield level == Access.BUTTON && !controls.allow(address(request.exchange()))
                            ? tooManyControls(request.exchange())
                            : next.handle(request);
                }
                case LOCKED ->
                    replies.error(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate_limit_error",
                            "Too many wrong parent codes from this device; try again in a minute");
                case REFUSED ->
                    replies.unauthorized(
                            token(request.exchange()) == null
                                    ? "This needs the parent code: log in first (POST /api/access/login)"
                                    : "Wrong or expired parent credential");
            };
        };
    }

    private Mono<ServerResponse> tooManyControls(ServerWebExchange exchange) {
        long seconds = Math.max(1, (controls.waitMs(address(exchange)) + 999) / 1000);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return replies.error(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate_limit_error",
                "Too many player control requests. Please slow down.");
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
        // The phone first: one removed in between is refused by the check, never taken for a parent's session.
        String phone = access.phoneOf(token(exchange));
        Verdict verdict = access.check(token(exchange), address(exchange));
        exchange.getAttributes().put(VERDICT, verdict);
        if (verdict == Verdict.PARENT && phone != null) {
            exchange.getAttributes().put(PHONE, phone);
        }
        return verdict;
    }

    /** True when the request reached its route with the right parent token (or access control is off). */
    static boolean isParent(ServerRequest request) {
        return request.attribute(VERDICT).orElse(null) == Verdict.PARENT;
    }

    /**
     * The paired phone whose credential the request showed (it is a parent while remote access is on), or null
     * for a parent's session, the configured token or no credential: for per-route rules on phones away from home.
     */
    static String remotePhone(ServerRequest request) {
        return (String) request.attribute(PHONE).orElse(null);
    }

    /** The box thread's lane for a request's work: a guest's reads wait behind the parent's. */
    static Inbox.Lane lane(ServerRequest request) {
        return isParent(request) ? Inbox.Lane.PARENT : Inbox.Lane.GUEST;
    }

    static String token(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }

    static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        // A request relayed for a phone carries an unresolved name of its own ({@link RelayedRequest}), so budgets
        // and lock-outs count each phone away from home apart, never all of them as the relay's one address.
        return remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }
}
