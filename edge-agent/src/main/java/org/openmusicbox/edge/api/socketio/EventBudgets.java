package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.Budget;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Operations;

/**
 * How many events a Socket.IO connection may send: each connection has a budget, parents a generous
 * one, guests a small one, and all guests from one address share another, so opening more sockets
 * does not buy more. An event over budget is dropped before it reaches the box; the sender hears
 * about it once per {@link #WINDOW_MS} (a rate-limit {@code err:op}), and a connection that goes on
 * flooding ({@code floodDrops} dropped events in one window) is disconnected. Thread-safe: events
 * arrive on the Netty threads.
 */
public final class EventBudgets {

    static final long WINDOW_MS = 10_000;
    /** Beyond this many addresses, the ones that have been quiet long enough to refill are forgotten. */
    static final int MAX_ADDRESSES = 1024;

    private static final String ALLOWANCE = "omb.allowance";

    /**
     * @param guestPerSecond     events a second for one connection without the parent token
     * @param guestAddressPerSecond events a second for all such connections from one address
     * @param parentPerSecond    events a second for one parent's connection
     * @param floodDrops         events over budget within {@link #WINDOW_MS} after which a connection is closed
     */
    public record Limits(int guestPerSecond, int guestAddressPerSecond, int parentPerSecond, int floodDrops) {}

    /** One connection's budget and what it dropped in the current window. */
    private static final class Allowance {
        final Budget budget;
        final boolean parent;
        long windowStart;
        int dropped;
        boolean told;

        Allowance(Budget budget, boolean parent, long now) {
            this.budget = budget;
            this.parent = parent;
            this.windowStart = now;
        }
    }

    private final Limits limits;
    private final LongSupplier clock;
    private final RefusalLog refusals;
    private final Consumer<SocketIOClient> tell;
    private final Map<String, Budget> guestAddresses = new ConcurrentHashMap<>();

    /** @param tell sends the client the rate-limit notice (an {@code err:op}) */
    public EventBudgets(Limits limits, LongSupplier clock, RefusalLog refusals, Consumer<SocketIOClient> tell) {
        this.limits = limits;
        this.clock = clock;
        this.refusals = refusals;
        this.tell = tell;
    }

    /** The notice an over-budget connection gets, at most once per window: a rate-limit {@code err:op}. */
    public static Consumer<SocketIOClient> errOp(Operations operations) {
        return client -> operations.refuse(
                null,
                Operations.ReplyTo.client(client.getSessionId().toString()),
                new BoxError("rate_limit_error", 429, "Too many events from this connection; slow down", null, null));
    }

    /** Whether this event may go on; when not, the sender may be told or disconnected. */
    public boolean admit(SocketIOClient client, boolean parent) {
        Allowance allowance = allowance(client, parent);
        boolean ok = allowance.budget.spend()
                && (parent || addressBudget(SocketAccess.address(client)).spend());
        if (ok) {
            return true;
        }
        overBudget(client, allowance);
        return false;
    }

    /** How many addresses have a budget just now. */
    int addresses() {
        return guestAddresses.size();
    }

    private Allowance allowance(SocketIOClient client, boolean parent) {
        Allowance allowance = client.get(ALLOWANCE);
        if (allowance == null || allowance.parent != parent) {
            int rate = parent ? limits.parentPerSecond() : limits.guestPerSecond();
            allowance = new Allowance(new Budget(rate, 2.0 * rate, clock), parent, clock.getAsLong());
            client.set(ALLOWANCE, allowance);
        }
        return allowance;
    }

    private Budget addressBudget(String address) {
        Budget budget = guestAddresses.get(address);
        if (budget != null) {
            return budget;
        }
        if (guestAddresses.size() >= MAX_ADDRESSES) {
            guestAddresses.values().removeIf(Budget::full);
        }
        int rate = limits.guestAddressPerSecond();
        return guestAddresses.computeIfAbsent(address, a -> new Budget(rate, 2.0 * rate, clock));
    }

    private void overBudget(SocketIOClient client, Allowance allowance) {
        boolean tellNow;
        boolean close;
        synchronized (allowance) {
            long now = clock.getAsLong();
            if (now - allowance.windowStart >= WINDOW_MS) {
                allowance.windowStart = now;
                allowance.dropped = 0;
                allowance.told = false;
            }
            allowance.dropped++;
            tellNow = !allowance.told;
            allowance.told = true;
            close = allowance.dropped == limits.floodDrops();
        }
        if (tellNow) {
            tell.accept(client);
        }
        if (close) {
            refusals.refused(
                    "Socket.IO connection from {} closed: {} events over its budget within {} s",
                    SocketAccess.address(client),
                    limits.floodDrops(),
                    WINDOW_MS / 1000);
            client.disconnect();
        }
    }
}
