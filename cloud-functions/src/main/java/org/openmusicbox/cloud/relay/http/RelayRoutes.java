package org.openmusicbox.cloud.relay.http;

import java.util.Map;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every request of the relay's port, in one place: {@code GET /relay/health}, then {@code /boxes/{id}...} decided on
 * the raw path ({@link BoxPath}): {@code /boxes/{id}} is redirected to {@code /boxes/{id}/} (the page's files are
 * relative to its folder), {@code /boxes/{id}/api/...} goes to the box, anything else under it is the page. The rest
 * is 404 in the box's envelope. Socket.IO at {@code /boxes/{id}/socket.io/} never gets here (relay.socketio).
 */
public final class RelayRoutes {

    /** What {@code /relay/health} reports besides its status. */
    public interface Health {
        String relayId();

        boolean brokerConnected();

        int viewers();
    }

    private final ApiForwarding api;
    private final PageFiles page;
    private final Replies replies;
    private final Health health;
    private final JsonCodec codec;
    private final RouterFunction<ServerResponse> local;

    public RelayRoutes(ApiForwarding api, JsonCodec codec, Health health) {
        this(api, codec, health, null);
    }

    /**
     * @param local API routes the relay answers itself, tried before the box is asked (uploads from away, the
     *     library of an offline box); null for none
     */
    public RelayRoutes(ApiForwarding api, JsonCodec codec, Health health, RouterFunction<ServerResponse> local) {
        this(api, codec, health, local, null);
    }

    /** @param mediaOrigin the origin the page may upload to, straight to S3 ({@link PageFiles}); null for none */
    public RelayRoutes(
            ApiForwarding api,
            JsonCodec codec,
            Health health,
            RouterFunction<ServerResponse> local,
            String mediaOrigin) {
        this.api = api;
        this.local = local;
        this.replies = new Replies(codec);
        this.page = new PageFiles(replies, mediaOrigin);
        this.health = health;
        this.codec = codec;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route(RequestPredicates.all(), this::dispatch);
    }

    private Mono<ServerResponse> dispatch(ServerRequest request) {
        String raw = request.uri().getRawPath();
        if ("/relay/health".equals(raw)) {
            return health(request);
        }
        BoxPath box;
        try {
            box = BoxPath.parse(raw);
        } catch (BoxPath.NotPlain e) {
            return replies.error(HttpStatus.NOT_FOUND, ApiError.NOT_FOUND, e.getMessage());
        }
        if (box.rest().isEmpty()) {
            String query = request.uri().getRawQuery();
            return ServerResponse.status(HttpStatus.MOVED_PERMANENTLY)
                    .header("Location", BoxPath.PREFIX + box.deviceId() + "/" + (query == null ? "" : "?" + query))
                    .build();
        }
        if (box.api()) {
            if (local == null) {
                return api.forward(request, box);
            }
            return local.route(request)
                    .flatMap(handler -> handler.handle(request))
                    .switchIfEmpty(Mono.defer(() -> api.forward(request, box)));
        }
        return page.serve(request, box);
    }

    private Mono<ServerResponse> health(ServerRequest request) {
        boolean up = health.brokerConnected();
        return ServerResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .bodyValue(codec.toBytes(Map.of(
                        "status",
                        up ? "ok" : "broker_unreachable",
                        "relay_id",
                        health.relayId(),
                        "broker_connected",
                        up,
                        "viewers",
                        health.viewers())));
    }
}
