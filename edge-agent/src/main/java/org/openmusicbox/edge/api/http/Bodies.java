package org.openmusicbox.edge.api.http;

import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.protocol.json.JsonCodec;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body as a {@link Payload}. An empty body is an empty object (DELETE may come with
 * or without one); malformed JSON and an oversized body are refusals with their own status.
 */
public final class Bodies {

    private final JsonCodec codec;

    public Bodies(JsonCodec codec) {
        this.codec = codec;
    }

    public Mono<Payload> read(ServerRequest request) {
        return request.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new BoxError("payload_too_large", 413, "The request body is too large", null, null))
                .map(bytes -> {
                    if (bytes.length == 0) {
                        return Payload.of(null);
                    }
                    try {
                        Payload payload = Payload.of(codec.readTree(bytes));
                        if (!payload.isObject()) {
                            throw BoxError.badRequest("The request body must be a JSON object");
                        }
                        return payload;
                    } catch (JsonCodec.JsonFormatException e) {
                        throw BoxError.badRequest("The request body is not valid JSON");
                    }
                });
    }
}
