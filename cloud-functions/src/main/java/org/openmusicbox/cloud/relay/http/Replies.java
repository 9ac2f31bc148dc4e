package org.openmusicbox.cloud.relay.http;

import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The relay's own answers, in the box's error envelope ({@link ApiError}), so a phone reads one error format. */
final class Replies {

    private final JsonCodec codec;

    Replies(JsonCodec codec) {
        this.codec = codec;
    }

    Mono<ServerResponse> error(HttpStatus status, String errorType, String message) {
        ServerResponse.BodyBuilder response = ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.bodyValue(codec.toBytes(ApiError.of(errorType, message)));
    }
}
