package org.openmusicbox.edge.api.http;

import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
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

    private Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Expires", "0")
                .header("X-Content-Type-Options", "nosniff")
                .bodyValue(codec.toBytes(body));
    }
}
