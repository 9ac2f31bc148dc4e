package org.openmusicbox.edge.api.http;

import java.util.Map;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.nfc.TagHand;
import org.openmusicbox.edge.nfc.TagUid;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Places and lifts tags on the simulated reader. Mounted only while the simulated reader is in use,
 * so a box with a real reader has no such endpoint.
 */
public final class NfcSimulatorRoutes {

    private final TagHand reader;
    private final Replies replies;

    public NfcSimulatorRoutes(TagHand reader, Replies replies) {
        this.reader = reader;
        this.replies = replies;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.POST, "/api/nfc/simulator/tags/{tag_id}", Access.OPEN, this::place)
                .add(HttpMethod.DELETE, "/api/nfc/simulator/tags/{tag_id}", Access.OPEN, this::lift);
    }

    private Mono<ServerResponse> place(ServerRequest request) {
        return withTag(request, tag -> {
            boolean changed = reader.place(tag);
            return replies.ok(
                    changed ? "Tag placed" : "Tag already on the reader",
                    Map.of("tag_id", tag.hex(), "present", true, "changed", changed));
        });
    }

    private Mono<ServerResponse> lift(ServerRequest request) {
        return withTag(request, tag -> {
            boolean changed = reader.lift(tag);
            return replies.ok(
                    changed ? "Tag lifted" : "Tag was not on the reader",
                    Map.of("tag_id", tag.hex(), "present", false, "changed", changed));
        });
    }

    private Mono<ServerResponse> withTag(
            ServerRequest request, java.util.function.Function<TagUid, Mono<ServerResponse>> then) {
        return TagUid.parse(request.pathVariable("tag_id"))
                .map(then)
                .orElseGet(
                        () -> replies.error(BoxError.invalid("A tag id is 4 to 32 hex digits, e.g. 04a22b1c"), null));
    }
}
