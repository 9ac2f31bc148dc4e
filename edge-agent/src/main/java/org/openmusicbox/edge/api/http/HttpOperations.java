package org.openmusicbox.edge.api.http;

import java.util.function.Function;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.remote.Once;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How an HTTP request becomes a box operation: the body is read as a {@link Payload}, the change
 * runs on the box thread through {@link Operations} (so {@code client_op_id} is honoured and
 * answered in room {@code playlists}), and the outcome becomes the success or error envelope.
 */
public final class HttpOperations {

    /**
     * The Reactor context key of a relayed command's id ({@link RelayedCalls}): a change run for it is recorded with
     * the command, in the change's transaction, so that the command is never applied twice.
     */
    public static final String COMMAND_ID = "omb.command_id";

    private final Operations operations;
    private final Bodies bodies;
    private final Replies replies;
    private final Once once;

    public HttpOperations(Operations operations, Bodies bodies, Replies replies) {
        this(operations, bodies, replies, Once.NEVER);
    }

    /** @param once records a relayed command with its change */
    public HttpOperations(Operations operations, Bodies bodies, Replies replies, Once once) {
        this.operations = operations;
        this.bodies = bodies;
        this.replies = replies;
        this.once = once;
    }

    /** Reads the body and hands it on; unreadable bodies are answered with their error. */
    public Mono<ServerResponse> withBody(ServerRequest request, Function<Payload, Mono<ServerResponse>> then) {
        return bodies.read(request).flatMap(then).onErrorResume(BoxError.class, e -> replies.error(e, null));
    }

    /**
     * Runs a change on the box thread as an operation. The payload is checked there too, so a
     * refused request is answered with {@code err:op} like any other failure, and changes nothing.
     * Changes are reached only past the parent gate, so they wait in the parents' lane.
     */
    public Mono<ServerResponse> run(
            Payload body, String operation, HttpStatus status, String message, Supplier<Object> change) {
        return run(body, operation, status, message, change, Function.identity());
    }

    /**
     * As above, with the HTTP answer's {@code data} made from the change's result by {@code shown};
     * {@code ack:op} keeps the result itself.
     */
    public Mono<ServerResponse> run(
            Payload body,
            String operation,
            HttpStatus status,
            String message,
            Supplier<Object> change,
            Function<Object, Object> shown) {
        String clientOpId = body.clientOpId();
        String echo = clientOpId != null ? clientOpId : body.rawClientOpId();
        Supplier<Object> checked = () -> {
            body.check();
            return change.get();
        };
        return Mono.deferContextual(context -> Mono.fromFuture(operations.run(
                        Inbox.Lane.PARENT,
                        operation,
                        clientOpId,
                        Operations.ReplyTo.PLAYLISTS_ROOM,
                        once.wrap(context.getOrDefault(COMMAND_ID, null), checked))))
                .flatMap(outcome -> {
                    if (outcome instanceof Operations.Done done) {
                        Object data = done.data() == null ? null : shown.apply(done.data());
                        ApiSuccess reply = ApiSuccess.of(message, data).withServerSeq(done.serverSeq());
                        return replies.success(status, clientOpId == null ? reply : reply.withClientOpId(clientOpId));
                    }
                    return replies.error(((Operations.Failed) outcome).error(), echo);
                });
    }

    /**
     * A change of a playlist whose answer carries {@code client_op_id} in {@code data} too, as the
     * original's update, reorder, delete-tracks and move-track answers do (docs/protocol.md).
     */
    public Mono<ServerResponse> runEchoing(
            Payload body, String operation, HttpStatus status, String message, Supplier<Object> change) {
        String clientOpId = body.clientOpId();
        return run(body, operation, status, message, change, data -> replies.withClientOpId(data, clientOpId));
    }

    public Replies replies() {
        return replies;
    }
}
