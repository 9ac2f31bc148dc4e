package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.Catchup;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.ClientPong;
import org.openmusicbox.protocol.v1.ConnectionStatus;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.PlaylistsSnapshot;
import org.openmusicbox.protocol.v1.RoomAck;
import org.openmusicbox.protocol.v1.Rooms;
import org.openmusicbox.protocol.v1.StateEnvelope;
import org.openmusicbox.protocol.v1.StateEvent;
import org.openmusicbox.protocol.v1.SyncComplete;
import org.openmusicbox.protocol.v1.SyncError;

/**
 * The Socket.IO events about connections, rooms and catching up. Every handler runs on the box
 * thread, so a snapshot and the room join happen between two events: a client never misses an
 * event nor gets one twice around a join or a {@code sync:request}.
 */
public final class SocketEvents {

    private final SocketServer server;
    private final Inbox inbox;
    private final Broadcaster broadcaster;
    private final Library library;
    private final Supplier<PlayerState> playerState;
    private final Catchup catchup;
    private final LongSupplier clock;
    private final SocketAccess access;
    private final EventBudgets budgets;
    private final Map<String, Handler> handlers = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param playerState the player's state, read on the box thread only */
    public SocketEvents(
            SocketServer server,
            Inbox inbox,
            Broadcaster broadcaster,
            Library library,
            Supplier<PlayerState> playerState,
            LongSupplier clock,
            SocketAccess access,
            EventBudgets budgets) {
        this.server = server;
        this.inbox = inbox;
        this.access = access;
        this.budgets = budgets;
        this.broadcaster = broadcaster;
        this.library = library;
        this.playerState = playerState;
        this.catchup = new Catchup(broadcaster);
        this.clock = clock;
    }

    public void register() {
        // Sent once the CONNECT was accepted and answered: never to a refused client, never before 40{sid}.
        access.onAdmitted(client -> inbox.post(access.lane(client), () -> {
            if (access.mayRead(client)) {
                server.send(
                        client,
                        Events.CONNECTION_STATUS,
                        new ConnectionStatus("connected", id(client), broadcaster.currentSeq(), clock.getAsLong()));
            }
        }));
        on(Events.CLIENT_PING, this::ping);
        on(
                Events.JOIN_PLAYLISTS,
                objectOnly(Events.ACK_JOIN, Rooms.PLAYLISTS, (caller, data) -> joinPlaylists(caller)));
        on(Events.JOIN_PLAYLIST, this::joinPlaylist);
        on(Events.JOIN_NFC, objectOnly(Events.ACK_JOIN, Rooms.NFC, (caller, data) -> {
            caller.join(Rooms.NFC);
            caller.send(
                    Events.ACK_JOIN,
                    new RoomAck(Rooms.NFC, true, broadcaster.currentSeq(), null, null, "Successfully joined room"));
        }));
        on(
                Events.LEAVE_PLAYLISTS,
                objectOnly(Events.ACK_LEAVE, Rooms.PLAYLISTS, (caller, data) -> leave(caller, Rooms.PLAYLISTS, null)));
        on(Events.LEAVE_NFC, objectOnly(Events.ACK_LEAVE, Rooms.NFC, (caller, data) -> leave(caller, Rooms.NFC, null)));
        on(Events.LEAVE_PLAYLIST, this::leavePlaylist);
        on(Events.SYNC_REQUEST, this::sync);
        on(
                Events.CLIENT_REQUEST_CURRENT_STATE,
                (caller, data) -> sendSnapshot(caller, broadcaster.snapshot(playerState.get())));
    }

    /** Handler that runs on the box thread. */
    public interface Handler {
        void handle(Caller caller, JsonNode data);
    }

    /**
     * The handler registered for {@code event}, or null: for a phone's event through a relay, which has no socket of
     * its own and is checked by {@link RelayedEvents}.
     */
    Handler handler(String event) {
        return handlers.get(event);
    }

    /**
     * Registers {@code handler} for {@code event}, run on the box thread in arrival order, and only
     * for a connection that may read: one that was refused, never sent a CONNECT, or is a guest of a
     * box closed for reading gets nothing at all, not even an error that would tell it what exists.
     */
    public void on(String event, Handler handler) {
        handlers.put(event, handler);
        server.on(event, (client, data, ack) -> {
            if (!budgets.admit(client, access.isParent(client)) || !access.mayRead(client)) {
                return;
            }
            inbox.post(access.lane(client), () -> {
                if (access.mayRead(client)) {
                    handler.handle(new LanCaller(server, client), data);
                }
            });
        });
    }

    /** Room events take an object (or nothing); anything else is answered with a failed ack. */
    private Handler objectOnly(String ackEvent, String room, Handler handler) {
        return (caller, data) -> {
            if (Payload.of(data).isObject()) {
                handler.handle(caller, data);
            } else {
                caller.send(
                        ackEvent,
                        new RoomAck(
                                room,
                                false,
                                broadcaster.currentSeq(),
                                null,
                                null,
                                "The payload must be a JSON object"));
            }
        };
    }

    private void ping(Caller caller, JsonNode data) {
        JsonNode stamp = data != null && data.isObject() ? data.get("timestamp") : null;
        long now = clock.getAsLong();
        double echoed = stamp != null && stamp.isNumber() ? stamp.doubleValue() : now;
        caller.send(Events.CLIENT_PONG, new ClientPong(echoed, now, broadcaster.currentSeq()));
    }

    private void joinPlaylists(Caller caller) {
        caller.join(Rooms.PLAYLISTS);
        sendSnapshot(caller, broadcaster.snapshot(new PlaylistsSnapshot(library.summaries(), null)));
        sendSnapshot(caller, broadcaster.snapshot(playerState.get()));
        caller.send(
                Events.ACK_JOIN,
                new RoomAck(Rooms.PLAYLISTS, true, broadcaster.currentSeq(), null, null, "Successfully joined room"));
    }

    private void joinPlaylist(Caller caller, JsonNode data) {
        Payload payload = Payload.of(data);
        String playlistId = payload.requiredId("playlist_id");
        try {
            payload.check();
        } catch (BoxError e) {
            caller.send(
                    Events.ACK_JOIN,
                    new RoomAck("playlist", false, broadcaster.currentSeq(), null, null, e.getMessage()));
            return;
        }
        String room = Rooms.playlist(playlistId);
        var playlist = library.playlist(playlistId);
        if (playlist.isEmpty()) {
            caller.send(
                    Events.ACK_JOIN,
                    new RoomAck(
                            room,
                            false,
                            broadcaster.currentSeq(),
                            playlistId,
                            null,
                            "Playlist not found: " + playlistId));
            return;
        }
        caller.join(room);
        sendSnapshot(caller, broadcaster.playlistSnapshot(playlistId, playlist.get()));
        caller.send(
                Events.ACK_JOIN,
                new RoomAck(
                        room,
                        true,
                        broadcaster.currentSeq(),
                        playlistId,
                        broadcaster.currentPlaylistSeq(playlistId),
                        "Successfully joined room"));
    }

    private void leavePlaylist(Caller caller, JsonNode data) {
        Payload payload = Payload.of(data);
        String playlistId = payload.requiredId("playlist_id");
        try {
            payload.check();
        } catch (BoxError e) {
            caller.send(Events.ACK_LEAVE, new RoomAck("playlist", false, null, null, null, e.getMessage()));
            return;
        }
        String room = Rooms.playlist(playlistId);
        // Leaving the room of a playlist deleted meanwhile still works; an id that is neither a
        // playlist nor a room of this client is a mistake the client should hear about.
        if (library.playlist(playlistId).isEmpty() && !caller.rooms().contains(room)) {
            caller.send(
                    Events.ACK_LEAVE,
                    new RoomAck(room, false, null, playlistId, null, "Playlist not found: " + playlistId));
            return;
        }
        leave(caller, room, playlistId);
    }

    private void leave(Caller caller, String room, String playlistId) {
        caller.leave(room);
        caller.send(Events.ACK_LEAVE, new RoomAck(room, true, null, playlistId, null, "Successfully left room"));
    }

    private void sync(Caller caller, JsonNode data) {
        Payload payload = Payload.of(data);
        Long lastGlobal = payload.optionalLong("last_global_seq", 0, Long.MAX_VALUE);
        Map<String, Long> lastPlaylistSeqs = payload.optionalLongMap("last_playlist_seqs", 1000);
        List<String> requested = payload.optionalStrings("requested_rooms", 1000, 200);
        String playlistId = payload.optionalString("playlist_id", Payload.MAX_ID);
        try {
            payload.check();
        } catch (BoxError e) {
            caller.send(Events.SYNC_ERROR, new SyncError("Invalid sync request: " + e.getMessage(), requested));
            return;
        }
        List<String> rooms = rooms(caller, requested, playlistId);
        var badRoom = Catchup.invalidRoom(rooms);
        if (badRoom.isPresent()) {
            caller.send(Events.SYNC_ERROR, new SyncError("Invalid sync request: " + badRoom.get(), rooms));
            return;
        }
        Catchup.Plan plan = catchup.plan(
                lastGlobal == null ? 0 : lastGlobal, lastPlaylistSeqs == null ? Map.of() : lastPlaylistSeqs, rooms);
        if (plan instanceof Catchup.Refused refused) {
            caller.send(Events.SYNC_ERROR, new SyncError(refused.error(), rooms));
            return;
        }
        Catchup.Replay replay = (Catchup.Replay) plan;
        rooms.forEach(caller::join);
        for (History.Entry entry : replay.events()) {
            caller.send(entry.event(), entry.payload());
        }
        long seq = broadcaster.currentSeq();
        caller.send(Events.SYNC_COMPLETE, new SyncComplete(rooms, seq, seq));
    }

    /** The rooms asked for, else the rooms the client is in, else {@code playlists}; without duplicates. */
    private static List<String> rooms(Caller caller, List<String> requested, String playlistId) {
        LinkedHashSet<String> rooms = new LinkedHashSet<>();
        if (requested != null) {
            rooms.addAll(requested);
        }
        if (playlistId != null) {
            rooms.add(Rooms.playlist(playlistId));
        }
        if (rooms.isEmpty()) {
            for (String room : caller.rooms()) {
                if (room.equals(Rooms.PLAYLISTS) || room.equals(Rooms.NFC) || room.startsWith("playlist:")) {
                    rooms.add(room);
                }
            }
        }
        if (rooms.isEmpty()) {
            rooms.add(Rooms.PLAYLISTS);
        }
        return new ArrayList<>(rooms);
    }

    /** A snapshot goes out under its own event type, which the frontend dispatches on. */
    private void sendSnapshot(Caller caller, StateEnvelope<StateEvent> snapshot) {
        caller.send(snapshot.eventType(), snapshot);
    }

    private static String id(SocketIOClient client) {
        return client.getSessionId().toString();
    }
}
