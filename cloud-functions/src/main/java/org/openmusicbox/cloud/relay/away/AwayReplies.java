package org.openmusicbox.cloud.relay.away;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The box's envelopes (shared-model {@link ApiSuccess}, {@link ApiError}) and its way of reading a body. */
final class AwayReplies {

    /** Enough for a reorder of the largest playlist a sync message can carry (3,000 ids). */
    static final int MAX_BODY_BYTES = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(AwayReplies.class);

    private final JsonCodec codec;

    AwayReplies(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * The success envelope of an edit the box has not got yet: the cloud holds it and sync delivers it, so the page
     * can say it is waiting for the box.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PendingSuccess(
            @JsonInclude(JsonInclude.Include.ALWAYS) String status,
            @JsonInclude(JsonInclude.Include.ALWAYS) String message,
            double timestamp,
            Object data,
            boolean pending,
            String clientOpId) {}

    /** The body as a {@link Form}; an empty body is an empty form. */
    Mono<Form> form(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(this::parse)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new Refusal(
                                HttpStatus.CONTENT_TOO_LARGE, ApiError.PAYLOAD_TOO_LARGE, "The request is too large"));
    }

    private Form parse(byte[] bytes) {
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new Form(null);
        }
        try {
            return new Form(codec.readTree(bytes));
        } catch (JsonCodec.JsonFormatException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST, ApiError.BAD_REQUEST, "The body is not valid JSON");
        }
    }

    Mono<ServerResponse> ok(HttpStatus status, String message, Object data) {
        return json(status, ApiSuccess.of(message, data));
    }

    Mono<ServerResponse> pending(HttpStatus status, String message, Object data, String clientOpId) {
        return json(
                status,
                new PendingSuccess(
                        ApiSuccess.SUCCESS, message, System.currentTimeMillis() / 1000.0, data, true, clientOpId));
    }

    Mono<ServerResponse> error(HttpStatus status, String errorType, String message) {
        return json(status, ApiError.of(errorType, message));
    }

    /** A refusal as its envelope; anything else is logged and answered 500 without its details. */
    Mono<ServerResponse> failure(Throwable e) {
        if (e instanceof Form.Invalid invalid) {
            return json(
                    invalid.status(),
                    ApiError.of(invalid.errorType(), invalid.getMessage())
                            .withErrors(List.of(new ApiError.FieldError(invalid.field(), invalid.getMessage()))));
        }
        if (e instanceof Refusal refusal) {
            return error(refusal.status(), refusal.errorType(), refusal.getMessage());
        }
        LOG.error("A request from away failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, ApiError.INTERNAL_ERROR, "The request could not be processed");
    }

    private Mono<ServerResponse> json(HttpStatus status, Object body) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(codec.toBytes(body));
    }
}
