package org.openmusicbox.edge.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns results and refusals into the HTTP envelopes of the original API, with honest status codes
 * and the no-cache headers it sends. The body is encoded by the protocol's one codec.
 */
public final class Replies {

    private final JsonCodec codec;

    public Replies(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * {@code data} with {@code client_op_id} inside it as well, where the original's playlist changes
     * put it (docs/protocol.md, "Differences from the original"); {@code data} itself when there is none.
     */
    public Object withClientOpId(Object data, String clientOpId) {
        return clientOpId == null ? data : withFields(data, Map.of("client_op_id", clientOpId));
    }

    /** {@code data}, an object, with {@code fields} added where it has none of that name. */
    public Object withFields(Object data, Map<String, Object> fields) {
        if (data == null || !(codec.toTree(data) instanceof ObjectNode object)) {
            return data;
        }
        fields.forEach((name, value) -> {
            if (!object.has(name)) {
                object.set(name, codec.toTree(value));
            }
        });
        return object;
    }

    public Mono<ServerResponse> ok(String message, Object data) {
        return json(HttpStatus.OK, ApiSuccess.of(message, data));
    }

    public Mono<ServerResponse> success(HttpStatus status, ApiSuccess body) {
        return json(status, body);
    }

    public Mono<ServerResponse> error(BoxError e, String clientOpId) {
        ApiError body = ApiError.of(e.errorType(), e.getMessage());
        if (!e.details().isEmpty()) {
            body = body.withDetails(Map.copyOf(e.details()));
        }
        if (!e.problems().isEmpty()) {
            List<ApiError.FieldError> errors = e.problems().stream()
                    .map(p -> new ApiError.FieldError(p.field(), p.message()))
                    .toList();
            body = body.withErrors(errors);
        }
        if (clientOpId != null) {
            body = body.withClientOpId(clientOpId);
        }
        return json(HttpStatus.valueOf(e.status()), body);
    }

    public Mono<ServerResponse> error(HttpStatus status, String errorType, String message) {
        return json(status, ApiError.of(errorType, message));
    }

    /** 401 with the challenge that names the scheme the box expects. */
    public Mono<ServerResponse> unauthorized(String message) {
        return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .headers(Replies::noCache)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(codec.toBytes(ApiError.of("unauthorized", message)));
    }

    /** The same envelope, written by a filter that answers before any route is chosen. */
    public Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String errorType, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        noCache(response.getHeaders());
        return response.writeWith(
                Mono.just(response.bufferFactory().wrap(codec.toBytes(ApiError.of(errorType, message)))));
    }

    private static void noCache(HttpHeaders headers) {
        headers.set("Cache-Control", "no-cache, no-store, must-revalidate");
        headers.set("Pragma", "no-cache");
        headers.set("Expires", "0");
        headers.set("X-Content-Type-Options", "nosniff");
    }

    private Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(Replies::noCache)
                .bodyValue(codec.toBytes(body));
    }
}
