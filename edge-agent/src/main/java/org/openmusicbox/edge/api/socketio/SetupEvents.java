package org.openmusicbox.edge.api.socketio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openmusicbox.edge.api.ClaimRequest;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.setup.Claim;

/**
 * The first run on Socket.IO: {@code state:setup} to every client when the claim changes and to each one as it
 * connects, and {@code claim_box {box_name, parent_code}} with the rules of {@code POST /api/setup/claim},
 * answered {@code ack:op} or {@code err:op}. Any admitted connection may send it (a new box has no parent yet);
 * codes are hashed one at a time on a thread of their own, never on the event loop or the box thread.
 */
public final class SetupEvents {

    public static final String STATE_SETUP = "state:setup";
    public static final String CLAIM_BOX = "claim_box";

    private final SocketServer server;
    private final Operations operations;
    private final SocketAccess access;
    private final EventBudgets budgets;
    private final Claim claim;
    private final Inbox inbox;
    private final ExecutorService hashing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "omb-claim");
        t.setDaemon(true);
        return t;
    });

    public SetupEvents(
            SocketServer server,
            Inbox inbox,
            Operations operations,
            SocketAccess access,
            EventBudgets budgets,
            Claim claim) {
        this.inbox = inbox;
        this.server = server;
        this.operations = operations;
        this.access = access;
        this.budgets = budgets;
        this.claim = claim;
    }

    public void register() {
        // Through the box thread, after connection_status (registered before this), as the other state on connect.
        access.onAdmitted(client -> inbox.post(
                access.lane(client), () -> server.send(client, STATE_SETUP, ClaimRequest.shown(claim.state()))));
        claim.onChange(state -> server.toEveryone(STATE_SETUP, ClaimRequest.shown(state)));
        server.on(CLAIM_BOX, (client, data, ack) -> {
            if (access.standing(client) == null || !budgets.admit(client, access.isParent(client))) {
                return;
            }
            Payload payload = Payload.of(data);
            String clientOpId = payload.clientOpId();
            String echoed = clientOpId != null ? clientOpId : payload.rawClientOpId();
            Operations.ReplyTo replyTo =
                    Operations.ReplyTo.client(client.getSessionId().toString());
            CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return (Object) ClaimRequest.shown(ClaimRequest.begin(claim, payload));
                                } catch (BoxError e) {
                                    return e;
                                }
                            },
                            hashing)
                    .thenAccept(result -> {
                        if (result instanceof BoxError refused) {
                            operations.refuse(echoed, replyTo, refused);
                        } else {
                            operations.run(access.lane(client), CLAIM_BOX, echoed, replyTo, () -> result);
                        }
                    });
        });
    }
}
