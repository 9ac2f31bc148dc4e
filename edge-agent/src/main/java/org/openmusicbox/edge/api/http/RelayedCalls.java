package org.openmusicbox.edge.api.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.openmusicbox.edge.remote.CommandRunner;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;
import org.openmusicbox.protocol.v1.mqtt.HttpCall;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Command {@code http}: a phone's request, relayed over the broker, run through the box's own HTTP handler in this
 * process (the same filters, routes and checks as on the LAN) and answered with what the box's port would have sent.
 * Only {@link HttpCall#HEADERS} come in. Uploads are refused here: audio goes through the cloud's storage, never
 * through the broker.
 */
public final class RelayedCalls implements CommandRunner {

    /** The largest body kept for an answer: its base64 must fit the broker's reply with room for the envelope. */
    static final int MAX_ANSWER_BYTES = 190 * 1024;

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final HttpHandler handler;
    private final UnaryOperator<String> phoneOf;
    private final JsonCodec codec;

    /** @param phoneOf the paired phone a credential belongs to, or null (ParentAccess#phoneOf) */
    public RelayedCalls(HttpHandler handler, UnaryOperator<String> phoneOf, JsonCodec codec) {
        this.handler = handler;
        this.phoneOf = phoneOf;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Object> run(String commandId, Map<String, Object> args) {
        HttpCall call;
        URI uri;
        byte[] body;
        try {
            call = codec.convert(args, HttpCall.class);
            uri = uri(call);
            body = call.body() == null ? new byte[0] : Base64.getDecoder().decode(call.body());
        } catch (IllegalArgumentException | JsonCodec.JsonFormatException e) {
            throw new Refused("validation_error", "Invalid http command: " + e.getMessage());
        }
        refuseAnotherPhonesCredential(call);
        if (upload(call)) {
            return CompletableFuture.completedFuture(answer(
                    413,
                    ApiError.of(
                            "upload_not_relayed",
                            "Uploads do not go through the relay: the phone sends audio to the cloud's storage")));
        }
        HttpHeaders headers = new HttpHeaders();
        call.headers().forEach(headers::set);
        RelayedRequest request =
                new RelayedRequest(HttpMethod.valueOf(call.method()), uri, headers, body, call.phoneId());
        RelayedResponse response = new RelayedResponse(MAX_ANSWER_BYTES);
        return handler.handle(request, response)
                .contextWrite(Context.of(HttpOperations.COMMAND_ID, commandId))
                .then(Mono.fromCallable(() -> answer(response)))
                .toFuture();
    }

    /**
     * The relay names the phone whose credential it let in; another paired phone's credential under that name is
     * refused before anything runs, so one phone cannot spend another's budgets or lock it out. Any other
     * credential is left to the routes, which answer it as they answer it on the home network.
     */
    private void refuseAnotherPhonesCredential(HttpCall call) {
        String authorization = call.headers().get("authorization");
        if (authorization == null) {
            return;
        }
        String presented = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : authorization.strip();
        String phone = phoneOf.apply(presented);
        if (phone != null && !phone.equals(call.phoneId())) {
            throw new Refused("unauthorized", "This credential is not the phone's the relay named");
        }
    }

    @Override
    public Object alreadyApplied() {
        return answer(200, ApiSuccess.of("Already applied: this request was run once before", null));
    }

    private Object answer(RelayedResponse response) {
        if (response.tooLarge()) {
            throw new Refused(
                    "too_large",
                    "The answer is larger than the " + MAX_ANSWER_BYTES + " bytes a relay carries; ask for less");
        }
        int status = response.getStatusCode() == null
                ? 200
                : response.getStatusCode().value();
        MediaType type = response.getHeaders().getContentType();
        byte[] bytes = response.body();
        return new HttpAnswer(
                status,
                type == null ? null : type.toString(),
                bytes.length == 0 ? null : Base64.getEncoder().encodeToString(bytes));
    }

    private HttpAnswer answer(int status, Object envelope) {
        return new HttpAnswer(status, JSON, Base64.getEncoder().encodeToString(codec.toBytes(envelope)));
    }

    /** The path under the box's root with its query, refused when it is not one plain path. */
    private static URI uri(HttpCall call) {
        String path = call.path();
        if (path.contains("?") || path.contains("#") || path.startsWith("//")) {
            throw new IllegalArgumentException("path must be a plain path without '?', '#' or a host");
        }
        try {
            URI uri = new URI("http://relay" + path + (call.query() == null ? "" : "?" + call.query()));
            if (uri.getFragment() != null) {
                throw new IllegalArgumentException("query must not hold '#'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path or query is not a valid URI: " + e.getReason(), e);
        }
    }

    /** A session, a chunk or a finalize: every write to an upload. */
    private static boolean upload(HttpCall call) {
        boolean write = call.method().equals("POST") || call.method().equals("PUT");
        return write && (call.path().contains("/uploads/") || call.path().endsWith("/uploads"));
    }
}
