package org.openmusicbox.edge.api.http;

import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.youtube.Imports;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * YouTube import from the home network, done by the cloud. Unlike the original (docs/protocol.md, B13) the request
 * is answered at once with {@code {task_id, status: "pending"}}, the download goes into the playlist asked for, and
 * the status is the last one the cloud reported, not a canned "completed". Starting one changes the library, so it
 * is a parent's, like an upload.
 */
public final class YoutubeRoutes {

    private final Imports imports;
    private final Library library;
    private final HttpOperations ops;

    public YoutubeRoutes(Imports imports, Library library, HttpOperations ops) {
        this.imports = imports;
        this.library = library;
        this.ops = ops;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.POST, "/api/youtube/download", Access.PARENT, this::download)
                .add(HttpMethod.GET, "/api/youtube/status/{task_id}", Access.READ, this::status);
    }

    private Mono<ServerResponse> download(ServerRequest request) {
        return ops.withBody(request, p -> {
            String url = p.requiredString("url", Imports.MAX_URL);
            String playlistId = p.requiredId("playlist_id");
            // Checked on the box thread, with the playlist: a refusal is an err:op like any other, and sends nothing.
            return ops.run(p, "youtube_download", HttpStatus.OK, "YouTube import started", () -> {
                Imports.checkUrl(url);
                library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
                return imports.ask(url, playlistId, p.clientOpId());
            });
        });
    }

    private Mono<ServerResponse> status(ServerRequest request) {
        String taskId = request.pathVariable("task_id");
        return imports.task(taskId)
                .map(task -> ops.replies().ok("YouTube import", task))
                .orElseGet(() -> ops.replies().error(BoxError.notFound("YouTube import", taskId), null));
    }
}
