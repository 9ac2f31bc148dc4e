package org.openmusicbox.cloud.relay.away;

import java.util.Objects;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.PlaylistData;
import org.openmusicbox.protocol.v1.http.PlaylistPageData;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/playlists} and {@code GET /api/playlists/{id}} of a box that is offline, answered from the
 * cloud's replica of its library in the box's own shapes ({@link PlaylistPageData}, {@link PlaylistData}).
 * Edits the cloud holds for the box (its own, made while away) are in it already.
 */
public final class OfflineLibrary {

    static final int MAX_LIMIT = 200;

    private final LibraryReplica replica;
    private final AwayReplies replies;

    public OfflineLibrary(LibraryReplica replica, JsonCodec codec) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.replies = new AwayReplies(Objects.requireNonNull(codec, "codec"));
    }

    /** {@code GET /boxes/{device_id}/api/playlists?page=&limit=}. */
    public Mono<ServerResponse> list(ServerRequest request) {
        return Mono.defer(() -> {
                    String deviceId = deviceId(request);
                    int page = queryInt(request, "page", 1, 1, Integer.MAX_VALUE);
                    int limit = queryInt(request, "limit", 50, 1, MAX_LIMIT);
                    return playlists(deviceId).flatMap(all -> {
                        int total = all.all().size();
                        long from = Math.min(total, (long) (page - 1) * limit);
                        var shown = all.all().subList((int) from, (int) Math.min(total, from + limit));
                        return replies.ok(
                                HttpStatus.OK,
                                "Playlists retrieved successfully",
                                new PlaylistPageData(shown, page, limit, total, (total + limit - 1) / limit));
                    });
                })
                .onErrorResume(replies::failure);
    }

    /** {@code GET /boxes/{device_id}/api/playlists/{id}}. */
    public Mono<ServerResponse> get(ServerRequest request) {
        return Mono.defer(() -> {
                    String deviceId = deviceId(request);
                    String id = request.pathVariable("id");
                    return playlist(deviceId, id)
                            .flatMap(p ->
                                    replies.ok(HttpStatus.OK, "Playlist retrieved successfully", PlaylistData.of(p)));
                })
                .onErrorResume(replies::failure);
    }

    /** The box's playlists as the replica holds them now. */
    Mono<ReplicaPlaylists> playlists(String deviceId) {
        return replica.view(deviceId).zipWith(replica.state(deviceId), ReplicaPlaylists::new);
    }

    /** One live playlist, or a 404 refusal as the box answers it. */
    Mono<Playlist> playlist(String deviceId, String id) {
        return playlists(deviceId).map(all -> all.one(id).orElseThrow(() -> notFound(id)));
    }

    static Refusal notFound(String playlistId) {
        return new Refusal(HttpStatus.NOT_FOUND, ApiError.NOT_FOUND, "Playlist not found: " + playlistId);
    }

    /** The path's device id; one that cannot name a box is not found. */
    static String deviceId(ServerRequest request) {
        String deviceId = request.pathVariable("device_id");
        if (!Topics.isDeviceId(deviceId)) {
            throw new Refusal(HttpStatus.NOT_FOUND, ApiError.NOT_FOUND, "Unknown box");
        }
        return deviceId;
    }

    private static int queryInt(ServerRequest request, String name, int fallback, int min, int max) {
        var raw = request.queryParam(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw Form.invalid(name, name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw Form.invalid(name, name + " must be a whole number");
        }
    }
}
