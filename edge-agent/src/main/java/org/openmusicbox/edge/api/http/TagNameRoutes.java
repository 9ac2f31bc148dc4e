package org.openmusicbox.edge.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.box.TagNaming;
import org.openmusicbox.edge.library.Library;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The names parents give their tags: {@code GET /api/nfc/tags} (the linked tags, with name and playlist) and
 * {@code PUT /api/nfc/tags/{tag_id}/name} with {@code {name}} (1 to 40 characters, parent only), which announces
 * {@code state:tag_named}.
 */
public final class TagNameRoutes {

    /** Longer than any name allowed, so that the box's own check words the refusal. */
    private static final int MAX_BODY_NAME = 400;

    private final TagNaming naming;
    private final HttpOperations ops;

    public TagNameRoutes(TagNaming naming, HttpOperations ops) {
        this.naming = naming;
        this.ops = ops;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/nfc/tags", Access.READ, this::list)
                .add(
                        HttpMethod.PUT,
                        "/api/nfc/tags/{tag_id}/name",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String name = p.requiredString("name", MAX_BODY_NAME);
                            String tag = r.pathVariable("tag_id");
                            return ops.run(p, "nfc_tag_name", HttpStatus.OK, "Tag named", () -> naming.name(tag, name));
                        }));
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        return Mono.fromCallable(naming::linked)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(tags -> ops.replies().ok("Linked tags", Map.of("tags", shown(tags))));
    }

    private static List<Map<String, Object>> shown(List<Library.LinkedTag> tags) {
        return tags.stream()
                .map(t -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("tag_id", t.tagId());
                    m.put("name", t.name());
                    m.put("playlist_id", t.playlistId());
                    m.put("playlist_title", t.playlistTitle());
                    return m;
                })
                .toList();
    }
}
