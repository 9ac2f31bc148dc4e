package org.openmusicbox.edge.api.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Playlists;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.protocol.v1.Playlist;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The NFC API of the original system (routes below; differences in docs/protocol.md), working on the
 * same links and sessions as Socket.IO: one tag links to one playlist, and a scan opens the same
 * linking session as {@code start_nfc_link}.
 */
public final class NfcRoutes {

    private final Inbox inbox;
    private final Library library;
    private final Playlists playlists;
    private final TagLinking linking;
    private final TagReader reader;
    private final HttpOperations ops;

    public NfcRoutes(
            Inbox inbox,
            Library library,
            Playlists playlists,
            TagLinking linking,
            TagReader reader,
            HttpOperations ops) {
        this.inbox = inbox;
        this.library = library;
        this.playlists = playlists;
        this.linking = linking;
        this.reader = reader;
        this.ops = ops;
    }

    public void addTo(Routes routes) {
        routes.add(
                        HttpMethod.POST,
                        "/api/nfc/associate",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String playlistId = p.requiredId("playlist_id");
                            String tagText = p.requiredString("tag_id", Payload.MAX_ID);
                            Boolean force = p.optionalBoolean("force");
                            return ops.run(
                                    p,
                                    "nfc_associate",
                                    HttpStatus.OK,
                                    "Tag linked",
                                    () -> associate(tagText, playlistId, Boolean.TRUE.equals(force)));
                        }))
                .add(
                        HttpMethod.POST,
                        "/api/playlists/nfc/{tag}/associate/{playlist_id}",
                        Access.PARENT,
                        r -> ops.withBody(
                                r,
                                p -> ops.run(
                                        p,
                                        "nfc_associate",
                                        HttpStatus.OK,
                                        "Tag linked",
                                        () -> associate(r.pathVariable("tag"), r.pathVariable("playlist_id"), true))))
                .add(
                        HttpMethod.DELETE,
                        "/api/nfc/associate/{tag}",
                        Access.PARENT,
                        r -> ops.withBody(
                                r,
                                p -> ops.run(
                                        p,
                                        "nfc_unlink",
                                        HttpStatus.OK,
                                        "Tag unlinked",
                                        () -> unlink(r.pathVariable("tag")))))
                .add(
                        HttpMethod.DELETE,
                        "/api/playlists/nfc/{playlist_id}",
                        Access.PARENT,
                        r -> ops.withBody(
                                r,
                                p -> ops.run(
                                        p,
                                        "nfc_unlink",
                                        HttpStatus.OK,
                                        "Tag unlinked",
                                        () -> unlinkPlaylist(r.pathVariable("playlist_id")))))
                .add(HttpMethod.GET, "/api/playlists/nfc/{tag}", Access.READ, this::playlistForTag)
                .add(HttpMethod.GET, "/api/nfc/status", Access.READ, this::status)
                .add(
                        HttpMethod.POST,
                        "/api/nfc/scan",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String playlistId = p.requiredId("playlist_id");
                            Integer timeoutMs = p.optionalInt("timeout_ms", 1_000, 300_000);
                            return ops.run(p, "nfc_scan", HttpStatus.OK, "Place a tag on the box", () -> {
                                int seconds =
                                        timeoutMs == null ? TagLinking.DEFAULT_TIMEOUT_S : (timeoutMs + 999) / 1000;
                                Map<String, Object> session = linking.start(playlistId, seconds);
                                return Map.of(
                                        "scan_id",
                                        session.get("assoc_id"),
                                        "timeout_ms",
                                        seconds * 1000,
                                        "session",
                                        session);
                            });
                        }))
                .add(
                        HttpMethod.DELETE,
                        "/api/nfc/session/{session_id}",
                        Access.PARENT,
                        r -> ops.withBody(r, p -> {
                            String sessionId = r.pathVariable("session_id");
                            return ops.run(p, "nfc_cancel", HttpStatus.OK, "Linking stopped", () -> {
                                linking.stop(sessionId, null);
                                return Map.of("session_id", sessionId);
                            });
                        }));
    }

    private Map<String, Object> associate(String tagText, String playlistId, boolean force) {
        TagUid tag = tag(tagText);
        Playlist target = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        var owner = library.playlistForTag(tag.hex());
        if (owner.isPresent() && !owner.get().id().equals(playlistId) && !force) {
            Map<String, Object> existing =
                    Map.of("id", owner.get().id(), "title", owner.get().title());
            throw new BoxError(
                    "conflict",
                    409,
                    "The tag already starts \"" + owner.get().title() + "\"; send force: true to move it",
                    Map.of("existing_playlist", existing),
                    null);
        }
        playlists.linkTag(playlistId, tag.hex());
        Map<String, Object> association = new LinkedHashMap<>();
        association.put("tag_id", tag.hex());
        association.put("playlist_id", playlistId);
        association.put("playlist_title", target.title());
        association.put("created_at", Instant.now().toString());
        return Map.of("association", association);
    }

    private Map<String, Object> unlink(String tagText) {
        TagUid tag = tag(tagText);
        Playlist from = playlists.unlinkTag(tag.hex()).orElseThrow(() -> BoxError.notFound("Tag link", tag.hex()));
        return Map.of("tag_id", tag.hex(), "playlist_id", from.id());
    }

    private Map<String, Object> unlinkPlaylist(String playlistId) {
        Playlist playlist = library.playlist(playlistId).orElseThrow(() -> BoxError.notFound("Playlist", playlistId));
        if (playlist.nfcTagId() == null) {
            throw BoxError.notFound("Tag link of playlist", playlistId);
        }
        return unlink(playlist.nfcTagId());
    }

    private Mono<ServerResponse> playlistForTag(ServerRequest request) {
        String text = request.pathVariable("tag");
        return Mono.fromFuture(inbox.ask(ParentGate.lane(request), () -> {
                    TagUid tag = tag(text);
                    return library.playlistForTag(tag.hex())
                            .flatMap(p -> library.playlist(p.id()))
                            .orElseThrow(() -> BoxError.notFound("Playlist for tag", tag.hex()));
                }))
                .flatMap(p -> ops.replies().ok("Playlist found", Map.of("playlist", p)))
                .onErrorResume(BoxError.class, e -> ops.replies().error(e, null));
    }

    private Mono<ServerResponse> status(ServerRequest request) {
        return Mono.fromFuture(inbox.ask(ParentGate.lane(request), () -> {
                    DeviceStatus device = reader.status();
                    var session = linking.current();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put(
                            "reader_available",
                            device.state() == DeviceStatus.State.AVAILABLE
                                    || device.state() == DeviceStatus.State.SIMULATED);
                    data.put("reader", device.word());
                    data.put("reader_detail", device.detail());
                    data.put("scanning", session.isPresent());
                    data.put("association_active", session.isPresent());
                    data.put(
                            "current_session_id",
                            session.map(s -> s.get("assoc_id")).orElse(null));
                    data.put("active_sessions", session.map(List::of).orElse(List.of()));
                    return data;
                }))
                .flatMap(data -> ops.replies().ok("NFC status", data));
    }

    private static TagUid tag(String text) {
        return TagUid.parse(text)
                .orElseThrow(() -> BoxError.invalid("tag_id must be 4 to 32 hex digits, e.g. 04a22b1c"));
    }
}
