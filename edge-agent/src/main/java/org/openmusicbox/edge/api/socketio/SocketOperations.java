package org.openmusicbox.edge.api.socketio;

import java.util.function.Function;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.Operations;

/**
 * Registers Socket.IO events that change the box: the payload is read, the change runs on the box
 * thread as an operation, and the sender gets {@code ack:op} or {@code err:op}. A bad payload is
 * an {@code err:op} and changes nothing.
 */
public final class SocketOperations {

    private final SocketServer server;
    private final Operations operations;

    public SocketOperations(SocketServer server, Operations operations) {
        this.server = server;
        this.operations = operations;
    }

    /** @param read takes what it needs from the payload and returns the change to run */
    public void on(String event, Function<Payload, Supplier<Object>> read) {
        server.on(event, (client, data, ack) -> {
            Payload payload = Payload.of(data);
            Supplier<Object> change = read.apply(payload);
            String clientOpId = payload.clientOpId();
            operations.run(event, clientOpId != null ? clientOpId : payload.rawClientOpId(),
                    Operations.ReplyTo.client(client.getSessionId().toString()), () -> {
                        payload.check();
                        return change.get();
                    });
        });
    }
}
