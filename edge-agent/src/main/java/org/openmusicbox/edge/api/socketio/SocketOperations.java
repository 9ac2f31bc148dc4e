package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Operations;

/**
 * Registers Socket.IO events that change the box: the payload is read, the change runs on the box
 * thread as an operation, and the sender gets {@code ack:op} or {@code err:op}. A bad payload is
 * an {@code err:op} and changes nothing.
 */
public final class SocketOperations {

    private final SocketServer server;
    private final Operations operations;
    private final Predicate<SocketIOClient> parent;

    /** @param parent whether a client showed the parent access token when it connected */
    public SocketOperations(SocketServer server, Operations operations, Predicate<SocketIOClient> parent) {
        this.server = server;
        this.operations = operations;
        this.parent = parent;
    }

    /** @param read takes what it needs from the payload and returns the change to run */
    public void on(String event, Function<Payload, Supplier<Object>> read) {
        server.on(event, (client, data, ack) -> {
            Payload payload = Payload.of(data);
            Supplier<Object> change = read.apply(payload);
            String clientOpId = payload.clientOpId();
            boolean allowed = parent.test(client);
            operations.run(event, clientOpId != null ? clientOpId : payload.rawClientOpId(),
                    Operations.ReplyTo.client(client.getSessionId().toString()), () -> {
                        if (!allowed) {
                            throw new BoxError("unauthorized", 401, "This needs the parent access token: connect with "
                                    + "auth: {token}", null, null);
                        }
                        payload.check();
                        return change.get();
                    });
        });
    }
}
