package org.openmusicbox.edge.api.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.library.Library;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Cover pictures: {@code GET /api/tracks/{track_id}/cover} and {@code GET /api/playlists/{id}/cover} (the first
 * track, in order, that has one). The id is only looked up in the library; the file it names is read only when
 * it lies inside the media directory. Revalidated by ETag, like the page's files. 404 {@code not_found} when
 * there is no picture.
 */
public final class CoverRoutes {

    private record Picture(byte[] bytes, MediaType type, String etag) {}

    private final Library library;
    private final Replies replies;

    public CoverRoutes(Library library, Replies replies) {
        this.library = library;
        this.replies = replies;
    }

    public void addTo(Routes routes) {
        routes.add(
                        HttpMethod.GET,
                        "/api/tracks/{track_id}/cover",
                        Access.READ,
                        r -> serve(r, "Cover of track", r.pathVariable("track_id"), library::trackCover))
                .add(
                        HttpMethod.GET,
                        "/api/playlists/{id}/cover",
                        Access.READ,
                        r -> serve(r, "Cover of playlist", r.pathVariable("id"), library::playlistCover));
    }

    private Mono<ServerResponse> serve(
            ServerRequest request, String what, String id, Function<String, Optional<String>> lookup) {
        return Mono.fromCallable(() -> lookup.apply(id).flatMap(this::read))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> found.map(picture -> answer(request, picture))
                        .orElseGet(() -> replies.error(BoxError.notFound(what, id), null)));
    }

    private static Mono<ServerResponse> answer(ServerRequest request, Picture picture) {
        if (request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(picture.etag())) {
            return ServerResponse.status(HttpStatus.NOT_MODIFIED)
                    .header(HttpHeaders.ETAG, picture.etag())
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .build();
        }
        return ServerResponse.ok()
                .contentType(picture.type())
                .header(HttpHeaders.ETAG, picture.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .bodyValue(picture.bytes());
    }

    /** The picture's bytes; empty when the stored name leaves the media directory or the file is gone. */
    private Optional<Picture> read(String stored) {
        Path media = library.mediaDir();
        Path file = media.resolve(stored).normalize();
        if (!file.startsWith(media) || file.equals(media)) {
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        MediaType type =
                name.endsWith(".png") ? MediaType.IMAGE_PNG : name.endsWith(".jpg") ? MediaType.IMAGE_JPEG : null;
        if (type == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(new Picture(bytes, type, etag(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
