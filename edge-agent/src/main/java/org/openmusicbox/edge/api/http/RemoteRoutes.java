package org.openmusicbox.edge.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.PairingCode;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.RemotePhones;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Remote access, the box's side: the switch ({@code GET/PUT /api/remote}), a pairing code for the next phone
 * ({@code POST /api/remote/pairing}), the phone sending it back ({@code POST /api/remote/pair}, open: the
 * relay forwards it from a phone that has no credential yet), and the paired phones, each removable. Changing
 * remote access needs a credential from the parent code ({@link Access#PARENT_CODE}), never a phone's.
 */
public final class RemoteRoutes {

    /** Longer than any code typed with spaces and dashes: the code's own check refuses the rest. */
    private static final int MAX_TYPED_CODE = 40;

    private final ParentAccess access;
    private final Bodies bodies;
    private final Replies replies;
    private final LongSupplier clock;

    public RemoteRoutes(ParentAccess access, Bodies bodies, Replies replies, LongSupplier clock) {
        this.access = access;
        this.bodies = bodies;
        this.replies = replies;
        this.clock = clock;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/remote", Access.PARENT, this::state)
                .add(HttpMethod.PUT, "/api/remote", Access.PARENT_CODE, this::turn)
                .add(HttpMethod.POST, "/api/remote/pairing", Access.PARENT_CODE, this::open)
                .add(HttpMethod.POST, "/api/remote/pair", Access.OPEN, this::pair)
                .add(HttpMethod.GET, "/api/remote/phones", Access.PARENT, this::phones)
                .add(HttpMethod.DELETE, "/api/remote/phones/{phone_id}", Access.PARENT_CODE, this::remove);
    }

    private RemotePhones remote() {
        return access.phones();
    }

    private Mono<ServerResponse> state(ServerRequest request) {
        return replies.ok("Remote access", shown(ParentGate.remotePhone(request)));
    }

    private Mono<ServerResponse> turn(ServerRequest request) {
        return bodies.read(request)
                .publishOn(Schedulers.boundedElastic())
                .flatMap(payload -> {
                    Boolean on = payload.requiredBoolean("enabled");
                    payload.check();
                    if (on && !access.enabled()) {
                        return replies.error(
                                HttpStatus.CONFLICT,
                                "conflict",
                                "Remote access needs parent access control (omb.auth.mode=token)");
                    }
                    remote().enable(on);
                    return replies.ok(on ? "Remote access is on" : "Remote access is off", shown(null));
                })
                .onErrorResume(BoxError.class, e -> replies.error(e, null));
    }

    private Mono<ServerResponse> open(ServerRequest request) {
        Optional<PairingCode> code = remote().newCode();
        if (code.isEmpty()) {
            return replies.error(
                    HttpStatus.CONFLICT, "remote_access_off", "Turn remote access on before pairing a phone");
        }
        return replies.success(
                HttpStatus.CREATED,
                ApiSuccess.of("Type this code on the phone to pair, within its time", codeShown(code.get())));
    }

    private Mono<ServerResponse> pair(ServerRequest request) {
        String address = ParentGate.address(request.exchange());
        return bodies.read(request)
                .publishOn(Schedulers.boundedElastic())
                .flatMap(payload -> {
                    String code = payload.requiredString("code", MAX_TYPED_CODE);
                    String name = payload.requiredString("phone_name", RemotePhones.MAX_NAME);
                    payload.check();
                    ParentAccess.Pairing pairing = access.pair(code, name.strip(), address);
                    return switch (pairing.verdict()) {
                        case PARENT -> {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("credential", pairing.paired().credential());
                            data.put("phone_id", pairing.paired().phoneId());
                            yield replies.success(HttpStatus.CREATED, ApiSuccess.of("Phone paired", data));
                        }
                        case LOCKED ->
                            replies.error(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    "rate_limit_error",
                                    "Too many wrong codes from this device; try again in a minute");
                        case REFUSED -> replies.unauthorized("Wrong, expired or used pairing code");
                    };
                })
                .onErrorResume(BoxError.class, e -> replies.error(e, null));
    }

    private Mono<ServerResponse> phones(ServerRequest request) {
        return replies.ok("Paired phones", phoneList());
    }

    private Mono<ServerResponse> remove(ServerRequest request) {
        String id = request.pathVariable("phone_id");
        return Mono.fromCallable(() -> remote().remove(id))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(removed -> removed
                        ? replies.ok("Phone removed", Map.of("phone_id", id, "removed", true))
                        : replies.error(HttpStatus.NOT_FOUND, "not_found", "No paired phone " + id));
    }

    /** The switch, the open code's time (never the code: only the page that asked shows it) and the phones. */
    private Map<String, Object> shown(String thisPhone) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("enabled", remote().enabled());
        data.put(
                "pairing",
                remote().openCode()
                        .map(code -> {
                            Map<String, Object> open = codeShown(code);
                            open.remove("code");
                            return open;
                        })
                        .orElse(null));
        data.put("phones", phoneList());
        data.put("this_phone_id", thisPhone);
        return data;
    }

    private Map<String, Object> codeShown(PairingCode code) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code.shown());
        data.put("expires_at", code.expiresAt());
        data.put("expires_in_ms", Math.max(0, code.expiresAt() - clock.getAsLong()));
        return data;
    }

    private List<Map<String, Object>> phoneList() {
        return remote().phones().stream()
                .map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("phone_id", p.id());
                    m.put("phone_name", p.name());
                    m.put("paired_at", p.pairedAt());
                    m.put("last_seen_at", p.lastSeenAt());
                    return m;
                })
                .toList();
    }
}
