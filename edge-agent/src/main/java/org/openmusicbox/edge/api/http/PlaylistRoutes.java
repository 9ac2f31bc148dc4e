package org.openmusicbox.edge.api.http;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Playlists;
import org.openmusicbox.edge.box.StorageRefusal;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.http.PlaylistData;
import org.openmusicbox.protocol.v1.http.PlaylistPageData;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The playlist API of the original system (differences in docs/protocol.md), without its bugs:
 * {@code total} is the true count, deletes renumber, reorder must name every track, move-track works.
 * Create and get answer with {@link PlaylistData}: the playlist as {@code data}, and again as
 * {@code data.playlist} for the original's web app.
 */
public final class PlaylistRoutes {

    static final int MAX_LIMIT = 200;
    static final int MAX_TRACKS_IN_REQUEST = 10_000;

    private final Library library;
    private final Playlists playlists;
    private final LongSupplier currentSeq;
    private final HttpOperations ops;
    private final Replies replies;

    /** @param currentSeq the last sequence number given out, for the answer of {@code sync} */
    public PlaylistRoutes(Library library, Playlists playlists, LongSupplier currentSeq, HttpOperations ops) {
        this.library = library;
        this.playlists = playlists;
        this.currentSeq = currentSeq;
        this.ops = ops;
        this.replies = ops.replies();
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.GET, "/api/playlists", Access.READ, this::list)
                .add(HttpMethod.GET, "/api/playlists/", Access.READ, this::list)
                .add(HttpMethod.POST, "/api/playlists", Access.PARENT, this::create)
                .add(HttpMethod.POST, "/api/playlists/", Access.PARENT, this::create)
                .add(HttpMethod.POST, "/api/playlists/sync", Access.PARENT, this::sync)
                .add(HttpMethod.POST, "/api/playlists/move-track", Access.PARENT, r -> move(r, null))
                .add(
                        HttpMethod.POST,
                        "/api/playlists/{id}/move-track",
                        Access.PARENT,
                        r -> move(r, r.pathVariable("id")))
                .add(HttpMethod.GET, "/api/playlists/{id}", Access.READ, this::get)
                .add(HttpMethod.PUT, "/api/playlists/{id}", Access.PARENT, this::update)
                .add(HttpMethod.DELETE, "/api/playlists/{id}", Access.PARENT, this::delete)
                .add(HttpMethod.POST, "/api/playlists/{id}/reorder", Access.PARENT, this::reorder)
                .add(HttpMethod.DELETE, "/api/playlists/{id}/tracks", Access.PARENT, this::deleteTracks);
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        int page;
        int limit;
        try {
            page = queryInt(request, "page", 1, 1, Integer.MAX_VALUE);
            limit = queryInt(request, "limit", 50, 1, MAX_LIMIT);
        } catch (BoxError e) {
            return replies.error(e, null);
        }
        return Mono.fromCallable(() -> library.page(page, limit))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .flatMap(p -> replies.ok(
                        "Playlists retrieved successfully",
                        new PlaylistPageData(p.playlists(), p.page(), p.limit(), p.total(), p.totalPages())))
                .onErrorResume(this::storageRefusal);
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> library.playlist(id))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .flatMap(found -> found.isPresent()
                        ? replies.ok("Playlist retrieved successfully", PlaylistData.of(found.get()))
                        : replies.error(BoxError.notFound("Playlist", id), null))
                .onErrorResume(this::storageRefusal);
    }

    /** A damaged or unreadable library is told as such (503 library_damaged), not as an internal error. */
    private Mono<ServerResponse> storageRefusal(Throwable e) {
        return StorageRefusal.of(e).map(refusal -> replies.error(refusal, null)).orElseGet(() -> Mono.error(e));
    }

    private Mono<ServerResponse> create(ServerRequest request) {
        return ops.withBody(request, body -> {
            String title = body.optionalString("title", 10_000);
            String description = body.optionalParagraph("description", 10_000);
            if (!body.has("title")) {
                body.requiredString("title", Playlists.MAX_TITLE);
            }
            return ops.run(
                    body,
                    "create_playlist",
                    HttpStatus.CREATED,
                    "Playlist created successfully",
                    () -> playlists.create(title, description),
                    created -> created instanceof Playlist p ? PlaylistData.of(p) : created);
        });
    }

    private Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return ops.withBody(request, body -> {
            String title = body.optionalString("title", 10_000);
            String description = body.optionalParagraph("description", 10_000);
            return ops.runEchoing(
                    body,
                    "update_playlist",
                    HttpStatus.OK,
                    "Playlist updated successfully",
                    () -> playlists.update(id, title, description));
        });
    }

    private Mono<ServerResponse> delete(ServerRequest request) {
        String id = request.pathVariable("id");
        return ops.withBody(
                request,
                body -> ops.runEchoing(
                        body,
                        "delete_playlist",
                        HttpStatus.OK,
                        "Playlist deleted successfully",
                        () -> Map.of("playlist_id", playlists.delete(id))));
    }

    private Mono<ServerResponse> reorder(ServerRequest request) {
        String id = request.pathVariable("id");
        return ops.withBody(request, body -> {
            var order = body.requiredStrings("track_order", MAX_TRACKS_IN_REQUEST, Payload.MAX_ID);
            // The original answers {playlist_id, client_op_id}; our page's playlist fields are kept beside them.
            return ops.run(
                    body,
                    "reorder_tracks",
                    HttpStatus.OK,
                    "Tracks reordered successfully",
                    () -> playlists.reorder(id, order),
                    reordered -> reorderData(reordered, body.clientOpId()));
        });
    }

    /** The reordered playlist, with the original's {@code playlist_id} and {@code client_op_id} added. */
    private Object reorderData(Object reordered, String clientOpId) {
        if (!(reordered instanceof Playlist p)) {
            return reordered;
        }
        return replies.withClientOpId(replies.withFields(p, Map.of("playlist_id", p.id())), clientOpId);
    }

    private Mono<ServerResponse> deleteTracks(ServerRequest request) {
        String id = request.pathVariable("id");
        return ops.withBody(request, body -> {
            // By id (track_ids) or, as the original API, by position (track_numbers); exactly one of them.
            if (body.has("track_ids")) {
                var ids = body.requiredStrings("track_ids", MAX_TRACKS_IN_REQUEST, Payload.MAX_ID);
                refuseBoth(body, "track_numbers", "track_ids");
                return ops.runEchoing(
                        body,
                        "delete_tracks",
                        HttpStatus.OK,
                        "Tracks deleted successfully",
                        () -> playlists.deleteTracks(id, playlists.numbersOf(id, ids)));
            }
            var numbers = body.requiredInts("track_numbers", MAX_TRACKS_IN_REQUEST, 1, Integer.MAX_VALUE);
            return ops.runEchoing(
                    body,
                    "delete_tracks",
                    HttpStatus.OK,
                    "Tracks deleted successfully",
                    () -> playlists.deleteTracks(id, numbers));
        });
    }

    private Mono<ServerResponse> move(ServerRequest request, String sourceFromPath) {
        return ops.withBody(request, body -> {
            String source = sourceFromPath != null ? sourceFromPath : body.requiredId("source_playlist_id");
            String target = body.requiredId("target_playlist_id");
            String trackId = body.has("track_id") ? body.requiredId("track_id") : null;
            Integer number = trackId != null ? null : body.requiredInt("track_number", 1, Integer.MAX_VALUE);
            refuseBoth(body, "track_number", "track_id");
            Integer position = body.optionalInt("target_position", 1, Integer.MAX_VALUE);
            return ops.runEchoing(
                    body,
                    "move_track",
                    HttpStatus.OK,
                    "Track moved successfully",
                    () -> playlists.move(
                            source,
                            target,
                            trackId != null
                                    ? playlists
                                            .numbersOf(source, List.of(trackId))
                                            .get(0)
                                    : number,
                            position));
        });
    }

    private Mono<ServerResponse> sync(ServerRequest request) {
        return ops.withBody(
                request,
                body -> ops.run(
                        body,
                        "sync_playlists",
                        HttpStatus.OK,
                        "Playlists synchronized",
                        () -> Map.of("playlists_count", playlists.resend(), "server_seq", currentSeq.getAsLong())));
    }

    /** A track named both by position and by id is a mistake: which one was meant? */
    private static void refuseBoth(Payload body, String byNumber, String byId) {
        if (body.has(byNumber) && body.has(byId)) {
            throw BoxError.invalid(byNumber + " and " + byId + " name the same thing: send one of them");
        }
    }

    private static int queryInt(ServerRequest request, String name, int fallback, int min, int max) {
        var raw = request.queryParam(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw BoxError.invalid(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw BoxError.invalid(name + " must be a whole number");
        }
    }
}
