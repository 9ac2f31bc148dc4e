package org.openmusicbox.edge.api.socketio;

import java.util.function.Function;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Operations;

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

    public SocketOperations(SocketServer server, Operations operations, SocketAccess access, EventBudgets budgets) {
        this.server = server;
        this.operations = operations;
        this.access = access;
        this.budgets = budgets;
    }

    /** @param read takes what it needs from the payload and returns the change to run */
    public void on(String event, Function<Payload, Supplier<Object>> read) {
        server.on(event, (client, data, ack) -> {
            boolean parent = access.isParent(client);
            if (!budgets.admit(client, parent)) {
                return;
            }
            Payload payload = Payload.of(data);
            String clientOpId = payload.clientOpId();
            String echoed = clientOpId != null ? clientOpId : payload.rawClientOpId();
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
            Supplier<Object> change = read.apply(payload);
            operations.run(access.lane(client), event, echoed, replyTo, () -> {
                if (!access.claimed()) {
                    throw setupRequired();
                }
                if (!access.isParent(client)) {
                    throw unauthorized();
                }
                payload.check();
                return change.get();
            });
        });
    }

    static BoxError setupRequired() {
        return new BoxError("setup_required", 403, "This box is new: set it up on its web page first", null, null);
    }

    private static BoxError unauthorized() {
        return new BoxError(
                "unauthorized", 401, "This needs the parent access token: connect with auth: {token}", null, null);
    }
}
