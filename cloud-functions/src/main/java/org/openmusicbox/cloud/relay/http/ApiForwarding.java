package org.openmusicbox.cloud.relay.http;

import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openmusicbox.cloud.relay.BoxCommands;
import org.openmusicbox.cloud.relay.PhoneLists;
import org.openmusicbox.cloud.relay.Unanswered;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;
import org.openmusicbox.protocol.v1.mqtt.HttpCall;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The box's HTTP API through the relay: {@code /boxes/{id}/api/...} becomes one {@code http} command
 * ({@link HttpCall}) for that box, and the box's answer ({@link HttpAnswer}) goes back to the phone as it is. Nothing
 * is sent without a credential of that box's phone list, except a pairing attempt (within its budget per address).
 * Uploads are refused here: audio never travels over the broker.
 */
public final class ApiForwarding {

    /** The one route open without a credential: a phone redeems a pairing code the box showed. */
    static final String PAIR = "/api/remote/pair";

    /** Stands for the phone in a pairing call: it has no id before the box pairs it. */
    public static final String UNPAIRED = "unpaired";

    private static final Pattern UPLOADS = Pattern.compile("/api/(uploads(/.*)?|playlists/[^/]+/uploads(/.*)?)");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    private final BoxCommands commands;
    private final PhoneLists phones;
    private final JsonCodec codec;
    private final Replies replies;
    private final PairingBudget pairing;

    public ApiForwarding(BoxCommands commands, PhoneLists phones, JsonCodec codec, int pairingPerMinute) {
        this.commands = commands;
        this.phones = phones;
        this.codec = codec;
        this.replies = new Replies(codec);
        this.pairing = new PairingBudget(pairingPerMinute, System::currentTimeMillis);
    }

    Mono<ServerResponse> forward(ServerRequest request, BoxPath box) {
        String method = request.method().name();
        if (!METHODS.contains(method)) {
            return replies.error(HttpStatus.METHOD_NOT_ALLOWED, ApiError.METHOD_NOT_ALLOWED, method + " is not served");
        }
        boolean pairs = method.equals("POST") && box.rest().equals(PAIR);
        String phoneId;
        if (pairs) {
            if (!pairing.spend(address(request))) {
                return replies.error(
                        HttpStatus.TOO_MANY_REQUESTS,
                        ApiError.RATE_LIMIT_ERROR,
                        "Too many pairing attempts from this address; wait a minute");
            }
            phoneId = UNPAIRED;
        } else {
            Optional<String> phone =
                    phones.phoneFor(box.deviceId(), bearer(request.headers().header("Authorization")));
            if (phone.isEmpty()) {
                return replies.error(
                        HttpStatus.UNAUTHORIZED,
                        ApiError.UNAUTHORIZED,
                        "A credential of a phone paired with this box is required");
            }
            phoneId = phone.get();
        }
        if (UPLOADS.matcher(box.rest()).matches()) {
            return replies.error(
                    HttpStatus.FORBIDDEN,
                    ApiError.FORBIDDEN,
                    "From away, files go straight to the cloud's storage (api/away/uploads), not through the box");
        }
        if (request.headers().contentLength().orElse(0) > HttpCall.MAX_BODY_BYTES) {
            return tooLarge();
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), HttpCall.MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return Optional.of(bytes);
                })
                .defaultIfEmpty(Optional.empty())
                .flatMap(body -> send(request, box, method, phoneId, body.orElse(null)))
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge());
    }

    private Mono<ServerResponse> send(ServerRequest request, BoxPath box, String method, String phoneId, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (String name : HttpCall.HEADERS) {
            String value = request.headers().asHttpHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        HttpCall call = new HttpCall(
                method,
                box.rest(),
                request.uri().getRawQuery(),
                headers,
                body == null || body.length == 0 ? null : Base64.getEncoder().encodeToString(body),
                phoneId);
        @SuppressWarnings("unchecked")
        Map<String, Object> args = codec.convert(call, Map.class);
        return commands.send(box.deviceId(), DeviceCommand.HTTP, args)
                .doOnNext(reply -> {
                    if (phoneId.equals(UNPAIRED)) {
                        learnPaired(box.deviceId(), reply);
                    }
                })
                .flatMap(this::answer)
                .onErrorResume(
                        Unanswered.class,
                        e -> e.errorType().equals(Unanswered.BOX_OFFLINE)
                                ? replies.error(HttpStatus.SERVICE_UNAVAILABLE, e.errorType(), e.getMessage())
                                : replies.error(HttpStatus.GATEWAY_TIMEOUT, e.errorType(), e.getMessage()));
    }

    /**
     * A phone just paired comes back at once with its credential, usually before the box's new phone list has
     * reached this relay: its own answer tells the relay the phone's id and credential, so the phone is let in
     * without that race. The box's list, when it comes, replaces this.
     */
    private void learnPaired(String deviceId, CommandReply reply) {
        try {
            HttpAnswer answer = codec.convert(reply.data(), HttpAnswer.class);
            if (!reply.success() || answer.status() != HttpStatus.CREATED.value() || answer.body() == null) {
                return;
            }
            var data = codec.readTree(Base64.getDecoder().decode(answer.body())).path("data");
            if (data.path("phone_id").isTextual() && data.path("credential").isTextual()) {
                phones.paired(
                        deviceId,
                        data.path("phone_id").asText(),
                        data.path("credential").asText());
            }
        } catch (RuntimeException unreadable) {
            // The phone then waits for the box's list, a moment later.
        }
    }

    private Mono<ServerResponse> answer(CommandReply reply) {
        if (!reply.success()) {
            return replies.error(
                    HttpStatus.BAD_GATEWAY,
                    reply.errorType(),
                    reply.message() == null ? "The box could not run the request" : reply.message());
        }
        HttpAnswer answer;
        try {
            answer = codec.convert(reply.data(), HttpAnswer.class);
            byte[] body =
                    answer.body() == null ? new byte[0] : Base64.getDecoder().decode(answer.body());
            ServerResponse.BodyBuilder response = ServerResponse.status(answer.status())
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store");
            if (answer.contentType() != null) {
                response.contentType(MediaType.parseMediaType(answer.contentType()));
            }
            return body.length == 0 ? response.build() : response.bodyValue(body);
        } catch (RuntimeException e) {
            return replies.error(HttpStatus.BAD_GATEWAY, ApiError.INTERNAL_ERROR, "The box's answer could not be read");
        }
    }

    private Mono<ServerResponse> tooLarge() {
        return replies.error(
                HttpStatus.PAYLOAD_TOO_LARGE,
                ApiError.PAYLOAD_TOO_LARGE,
                "A request through the relay carries at most " + HttpCall.MAX_BODY_BYTES + " bytes");
    }

    /** The credential of {@code Authorization: Bearer <credential>}; null for none, or for two such headers. */
    public static String bearer(List<String> authorization) {
        if (authorization.size() != 1) {
            return null;
        }
        String value = authorization.get(0).strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            return null;
        }
        String credential = value.substring("bearer ".length()).strip();
        return credential.isEmpty() ? null : credential;
    }

    private static String address(ServerRequest request) {
        return request.remoteAddress()
                .map(InetSocketAddress::getAddress)
                .map(a -> a.getHostAddress())
                .orElse("?");
    }
}
