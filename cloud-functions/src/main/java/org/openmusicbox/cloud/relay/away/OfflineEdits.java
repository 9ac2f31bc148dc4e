package org.openmusicbox.cloud.relay.away;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.openmusicbox.cloud.sync.EditLibrary;
import org.openmusicbox.cloud.sync.LibraryEdit;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.openmusicbox.protocol.v1.http.PlaylistData;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A parent's playlist edits while the box is offline, on the box's own paths and bodies (edge-agent
 * {@code api/http/PlaylistRoutes}), written into the cloud's replica as cloud edits ({@link EditLibrary}). The box
 * gets them by sync when it returns, so each answer is the box's success envelope with {@code "pending": true}.
 * Everything is checked against the replica before the first write, so a refused edit changes nothing.
 *
 * <p>Moving a track between playlists is not offered: the box answers it, and offline the relay says
 * {@code box_offline}.
 */
public final class OfflineEdits {

    /** The most tracks one request names, as on the box. */
    static final int MAX_TRACKS_IN_REQUEST = 10_000;

    private final OfflineLibrary library;
    private final EditLibrary edits;
    private final AwayReplies replies;
    private final JsonCodec codec;

    public OfflineEdits(OfflineLibrary library, EditLibrary edits, JsonCodec codec) {
        this.library = Objects.requireNonNull(library, "library");
        this.edits = Objects.requireNonNull(edits, "edits");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.replies = new AwayReplies(codec);
    }

    /** {@code POST /boxes/{device_id}/api/playlists} {@code {title, description}}. */
    public Mono<ServerResponse> create(ServerRequest request) {
        return edit(request, (deviceId, form) -> {
            String title = PlaylistText.title(form.requiredText("title", 10_000));
            String description = PlaylistText.description(form.text("description", 10_000));
            String opId = form.clientOpId();
            String id = UUID.randomUUID().toString();
            return write(deviceId, Entity.PLAYLIST, id, Fields.TITLE, title)
                    .then(write(
                            deviceId, Entity.PLAYLIST, id, Fields.DESCRIPTION, description == null ? "" : description))
                    .then(library.playlist(deviceId, id))
                    .flatMap(p -> replies.pending(
                            HttpStatus.CREATED, "Playlist created successfully", PlaylistData.of(p), opId));
        });
    }

    /** {@code PUT /boxes/{device_id}/api/playlists/{id}} {@code {title?, description?}}. */
    public Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return edit(request, (deviceId, form) -> {
            String rawTitle = form.text("title", 10_000);
            String description = PlaylistText.description(form.text("description", 10_000));
            String opId = form.clientOpId();
            if (rawTitle == null && description == null) {
                throw new Refusal(
                        HttpStatus.BAD_REQUEST,
                        ApiError.BAD_REQUEST,
                        "No valid updates provided: give a title or a description");
            }
            String title = rawTitle == null ? null : PlaylistText.title(rawTitle);
            return library.playlist(deviceId, id)
                    .flatMap(found -> write(deviceId, Entity.PLAYLIST, id, Fields.TITLE, title)
                            .then(write(deviceId, Entity.PLAYLIST, id, Fields.DESCRIPTION, description)))
                    .then(library.playlist(deviceId, id))
                    .flatMap(p -> answer("Playlist updated successfully", p, Map.of(), opId));
        });
    }

    /**
     * {@code DELETE /boxes/{device_id}/api/playlists/{id}}: the playlist and every track the cloud knows in it, as
     * the box deletes them (docs/sync.md, "A track added to a playlist deleted meanwhile"); the tracks first, so a
     * failure half-way leaves the playlist shown and a second delete finishes it.
     */
    public Mono<ServerResponse> delete(ServerRequest request) {
        String id = request.pathVariable("id");
        return edit(request, (deviceId, form) -> {
            String opId = form.clientOpId();
            return library.playlist(deviceId, id)
                    .flatMap(found -> Flux.fromIterable(found.tracks())
                            .concatMap(t -> write(deviceId, Entity.TRACK, t.id(), Fields.DELETED, true))
                            .then(write(deviceId, Entity.PLAYLIST, id, Fields.DELETED, true)))
                    .then(Mono.defer(() -> {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("playlist_id", id);
                        if (opId != null) {
                            data.put("client_op_id", opId);
                        }
                        return replies.pending(HttpStatus.OK, "Playlist deleted successfully", data, opId);
                    }));
        });
    }

    /** {@code POST /boxes/{device_id}/api/playlists/{id}/reorder} {@code {track_order}}: every track, once. */
    public Mono<ServerResponse> reorder(ServerRequest request) {
        String id = request.pathVariable("id");
        return edit(request, (deviceId, form) -> {
            List<String> order = form.requiredStrings("track_order", MAX_TRACKS_IN_REQUEST, Form.MAX_ID);
            String opId = form.clientOpId();
            return library.playlist(deviceId, id)
                    .flatMap(found -> {
                        Set<String> live = new HashSet<>();
                        found.tracks().forEach(t -> live.add(t.id()));
                        if (order.size() != live.size() || !live.equals(new HashSet<>(order))) {
                            throw Form.invalid("track_order", "track_order must name every track of the playlist once");
                        }
                        return write(deviceId, Entity.PLAYLIST, id, Fields.ORDER, order);
                    })
                    .then(library.playlist(deviceId, id))
                    .flatMap(p -> answer("Tracks reordered successfully", p, Map.of("playlist_id", id), opId));
        });
    }

    /**
     * {@code DELETE /boxes/{device_id}/api/playlists/{id}/tracks}: {@code {track_ids}} (what the page sends) or, as
     * the box also takes, {@code {track_numbers}}, positions 1..n now; not both.
     */
    public Mono<ServerResponse> deleteTracks(ServerRequest request) {
        String id = request.pathVariable("id");
        return edit(request, (deviceId, form) -> {
            boolean byId = form.has("track_ids");
            if (byId && form.has("track_numbers")) {
                throw Form.invalid("track_ids", "track_numbers and track_ids name the same thing: send one of them");
            }
            List<String> ids = byId ? form.requiredStrings("track_ids", MAX_TRACKS_IN_REQUEST, 100) : null;
            List<Integer> numbers = byId ? null : form.requiredInts("track_numbers", MAX_TRACKS_IN_REQUEST, 1);
            String opId = form.clientOpId();
            if (byId ? ids.isEmpty() : numbers.isEmpty()) {
                String field = byId ? "track_ids" : "track_numbers";
                throw Form.invalid(field, field + " must name at least one track");
            }
            return library.playlist(deviceId, id)
                    .flatMap(found -> {
                        List<String> doomed = byId ? held(found, ids) : atPositions(found, numbers);
                        return Flux.fromIterable(doomed)
                                .concatMap(t -> write(deviceId, Entity.TRACK, t, Fields.DELETED, true))
                                .then();
                    })
                    .then(library.playlists(deviceId))
                    .flatMap(all -> {
                        Playlist after = all.one(id)
                                .orElseGet(() -> new Playlist(id, "", "", null, List.<Track>of(), 0, 0, null, null));
                        return answer("Tracks deleted successfully", after, Map.of(), opId);
                    });
        });
    }

    /** The ids, each held by the playlist; one it does not hold refuses the whole edit. */
    private static List<String> held(Playlist found, List<String> ids) {
        for (String trackId : ids) {
            if (found.tracks().stream().noneMatch(track -> track.id().equals(trackId))) {
                throw Form.invalid("track_ids", "track " + trackId + " is not in this playlist");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(ids));
    }

    private static List<String> atPositions(Playlist found, List<Integer> numbers) {
        List<String> doomed = new ArrayList<>();
        for (int n : new java.util.TreeSet<>(numbers)) {
            if (n > found.tracks().size()) {
                throw Form.invalid(
                        "track_numbers",
                        "track " + n + " does not exist (the playlist has " + found.trackCount() + ")");
            }
            doomed.add(found.tracks().get(n - 1).id());
        }
        return doomed;
    }

    private interface Edit {
        Mono<ServerResponse> apply(String deviceId, Form form);
    }

    private Mono<ServerResponse> edit(ServerRequest request, Edit edit) {
        return Mono.defer(() -> {
                    String deviceId = OfflineLibrary.deviceId(request);
                    return replies.form(request).flatMap(form -> edit.apply(deviceId, form));
                })
                .onErrorResume(replies::failure);
    }

    /** One field; nothing when {@code value} is null (a field the request did not name). */
    private Mono<Void> write(String deviceId, Entity entity, String entityId, String field, Object value) {
        if (value == null) {
            return Mono.empty();
        }
        return edits.apply(new LibraryEdit(deviceId, entity, entityId, field, value))
                .onErrorMap(
                        IllegalArgumentException.class,
                        e -> new Refusal(HttpStatus.BAD_REQUEST, ApiError.VALIDATION_ERROR, e.getMessage()))
                .then();
    }

    /** The playlist's fields as the box answers an edit of it, with {@code extra} and the client's op id beside. */
    private Mono<ServerResponse> answer(String message, Playlist p, Map<String, Object> extra, String opId) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = new LinkedHashMap<>(codec.convert(p, Map.class));
        data.putAll(extra);
        if (opId != null) {
            data.put("client_op_id", opId);
        }
        return replies.pending(HttpStatus.OK, message, data, opId);
    }
}
