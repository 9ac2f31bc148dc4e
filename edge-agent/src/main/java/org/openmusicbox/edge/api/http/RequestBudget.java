package org.openmusicbox.edge.api.http;

import org.openmusicbox.edge.access.Budgets;
import org.openmusicbox.edge.access.ParentAccess.Verdict;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request, of any path, spends from its address's budget before anything else runs; an empty
 * budget answers 429. Requests with the right parent token spend from a separate, generous budget,
 * so a flood from a guest, even one on the parent's own device (a page from another site in the
 * parent's browser), cannot use up what the parent has. Each address has its own budgets: one
 * address flooding does not slow another.
 */
public final class RequestBudget implements WebFilter {

    private final ParentGate gate;
    private final Budgets guests;
    private final Budgets parents;
    private final String retryAfterSeconds;
    private final Replies replies;

    /** @param guestsPerMinute the guests' refill rate, used to tell a refused sender when to try again */
    public RequestBudget(ParentGate gate, Budgets guests, int guestsPerMinute, Budgets parents, Replies replies) {
        this.gate = gate;
        this.guests = guests;
        this.parents = parents;
        this.retryAfterSeconds = Long.toString(Math.max(1, (long) Math.ceil(60.0 / guestsPerMinute)));
        this.replies = replies;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String address = ParentGate.address(exchange);
        boolean parent = gate.verdict(exchange) == Verdict.PARENT;
        if ((parent ? parents : guests).take(address)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Retry-After", retryAfterSeconds);
        return replies.refuse(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate_limit_error",
                "Too many requests from this device; slow down and try again in a few seconds");
    }
}
