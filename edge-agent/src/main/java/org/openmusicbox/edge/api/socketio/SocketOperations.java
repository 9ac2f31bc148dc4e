package org.openmusicbox.edge.api.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.remote.Once;

/**
 * Registers Socket.IO events that change the box: the payload is read, the change runs on the box
 * thread as an operation, and the sender gets {@code ack:op} or {@code err:op}. A bad payload is
 * an {@code err:op} and changes nothing. Nothing changes on a box nobody has claimed yet
 * ({@code setup_required}); then only a parent's connection may change anything: every
 * event registered here is checked as it arrives (and refused without troubling the box thread)
 * and again where the change runs.
 */
public final class SocketOperations {

    private final SocketServer server;
    private final Operations operations;
    private final SocketAccess access;
    private final EventBudgets budgets;
    private final Once once;
    private final Map<String, Function<Payload, Supplier<Object>>> changes = new ConcurrentHashMap<>();

    public SocketOperations(SocketServer server, Operations operations, SocketAccess access, EventBudgets budgets) {
        this(server, operations, access, budgets, Once.NEVER);
    }

    /** @param once records a relayed command with its change */
    public SocketOperations(
            SocketServer server, Operations operations, SocketAccess access, EventBudgets budgets, Once once) {
        this.server = server;
        this.operations = operations;
        this.access = access;
        this.budgets = budgets;
        this.once = once;
    }

    /** Whether {@code event} is a change registered here. */
    boolean changes(String event) {
        return changes.containsKey(event);
    }

    /**
     * Runs a registered change for a phone a relay let in and the box checked ({@link RelayedEvents}): the ack is in
     * the outcome, for the command's reply, and the change is recorded with {@code commandId}.
     */
    CompletableFuture<Operations.Outcome> runRelayed(String event, JsonNode data, String commandId) {
        Payload payload = Payload.of(data);
        String echoed = echoed(payload);
        return start(event, payload, echoed, Inbox.Lane.PARENT, Operations.ReplyTo.RETURNED, () -> true, commandId);
    }

    /** The client's id as it will be echoed: a malformed one is echoed as sent, to match its answer. */
    static String echoed(Payload payload) {
        String clientOpId = payload.clientOpId();
        return clientOpId != null ? clientOpId : payload.rawClientOpId();
    }

    /** @param read takes what it needs from the payload and returns the change to run */
    public void on(String event, Function<Payload, Supplier<Object>> read) {
        changes.put(event, read);
        server.on(event, (client, data, ack) -> {
            boolean parent = access.isParent(client);
            if (!budgets.admit(client, parent)) {
                return;
            }
            Payload payload = Payload.of(data);
            String echoed = echoed(payload);
            Operations.ReplyTo replyTo =
                    Operations.ReplyTo.client(client.getSessionId().toString());
            if (!access.claimed()) {
                operations.refuse(echoed, replyTo, setupRequired());
                return;
            }
            if (!parent) {
                operations.refuse(echoed, replyTo, unauthorized());
                return;
            }
            start(event, payload, echoed, access.lane(client), replyTo, () -> access.isParent(client), null);
        });
    }

    /** Both ways in: the payload read, then on the box thread checked again and the change run. */
    private CompletableFuture<Operations.Outcome> start(
            String event,
            Payload payload,
            String echoed,
            Inbox.Lane lane,
            Operations.ReplyTo replyTo,
            BooleanSupplier stillParent,
            String commandId) {
        Supplier<Object> change = changes.get(event).apply(payload);
        Supplier<Object> checked = () -> {
            if (!access.claimed()) {
                throw setupRequired();
            }
            if (!stillParent.getAsBoolean()) {
                throw unauthorized();
            }
            payload.check();
            return change.get();
        };
        return operations.run(lane, event, echoed, replyTo, once.wrap(commandId, checked));
    }

    static BoxError setupRequired() {
        return new BoxError("setup_required", 403, "This box is new: set it up on its web page first", null, null);
    }

    private static BoxError unauthorized() {
        return new BoxError(
                "unauthorized", 401, "This needs the parent access token: connect with auth: {token}", null, null);
    }
}
