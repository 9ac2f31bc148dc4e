package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.remote.RelayedBox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.SocketAnswer;

/**
 * Command {@code socket} ({@link RelayedEvents}) on a whole box, sent over a broker as a relay sends it, for a paired
 * phone: a change's {@code ack:op} or {@code err:op} comes back in the answer and not to the box's own clients, reads
 * answer with what a LAN socket would get, and what the box cannot take is a failed reply.
 */
class RelayedEventsTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Small, so that a request from before a few changes is too old. */
    private static final int HISTORY = 4;

    @TempDir
    Path tmp;

    private RelayedBox box;
    private RelayedBox.Phone phone;
    private ParentSocket lan;

    @BeforeEach
    void start() throws Exception {
        box = new RelayedBox(tmp, Map.of("omb.sync.history-size", String.valueOf(HISTORY)));
        phone = box.pair("Away");
    }

    @AfterEach
    void stop() throws Exception {
        if (lan != null) {
            lan.close();
        }
        box.close();
    }

    @Test
    void aChangeIsAcknowledgedInTheAnswerAndNotInTheRoom() throws Exception {
        String playlist = playlist("Linked");
        watchOnTheLan();
        SocketAnswer answer = answer(
                Events.START_NFC_LINK, Map.of("playlist_id", playlist, "client_op_id", "op-link"), phone.credential());
        List<SocketAnswer.Emitted> acks = named(answer, Events.ACK_OP);
        assertEquals(1, acks.size(), answer.toString());
        assertEquals("op-link", acks.get(0).data().path("client_op_id").asText(), answer.toString());
        assertTrue(acks.get(0).data().path("success").asBoolean(), answer.toString());
        assertEquals(List.of(), answer.rooms(), "a change leaves the caller in no room");

        lan.await(p -> !p.named(Events.NFC_STATUS).isEmpty(), DEADLINE, "the link's progress, for everyone");
        barrier();
        assertEquals(List.of(), lan.named(Events.ACK_OP, Events.ERR_OP), "the ack is the phone's alone");
    }

    @Test
    void aRefusedChangeAnswersErrOpAndChangesNothing() throws Exception {
        watchOnTheLan();
        Map<String, Object> bad = new HashMap<>();
        bad.put("client_op_id", "op-bad");
        bad.put("timeout_s", "soon");
        SocketAnswer noPlaylist = answer(Events.START_NFC_LINK, bad, phone.credential());
        List<SocketAnswer.Emitted> errors = named(noPlaylist, Events.ERR_OP);
        assertEquals(1, errors.size(), noPlaylist.toString());
        assertEquals("op-bad", errors.get(0).data().path("client_op_id").asText());
        assertEquals("validation_error", errors.get(0).data().path("error_type").asText(), noPlaylist.toString());
        assertEquals(List.of(), named(noPlaylist, Events.ACK_OP));

        SocketAnswer unknown = answer(
                Events.START_NFC_LINK,
                Map.of("playlist_id", "no-such-playlist", "client_op_id", "op-unknown"),
                phone.credential());
        assertEquals(
                "not_found",
                named(unknown, Events.ERR_OP).get(0).data().path("error_type").asText(),
                unknown.toString());

        barrier();
        assertEquals(
                List.of(),
                lan.named(Events.NFC_STATUS, Events.NFC_ASSOCIATION_STATE, Events.ACK_OP, Events.ERR_OP),
                "no link began and nothing was answered to the room");
    }

    @Test
    void joinPlaylistsAnswersTheSnapshotsAndTheRoom() throws Exception {
        playlist("Joined");
        SocketAnswer answer = answer(Events.JOIN_PLAYLISTS, Map.of(), phone.credential());
        List<String> names =
                answer.events().stream().map(SocketAnswer.Emitted::event).toList();
        assertEquals(List.of(Events.STATE_PLAYLISTS, Events.STATE_PLAYER, Events.ACK_JOIN), names, answer.toString());
        JsonNode playlists = answer.events().get(0).data();
        assertTrue(playlists.toString().contains("\"Joined\""), playlists.toString());
        JsonNode ack = answer.events().get(2).data();
        assertEquals("playlists", ack.path("room").asText(), ack.toString());
        assertTrue(ack.path("success").asBoolean(), ack.toString());
        assertEquals(List.of("playlists"), answer.rooms());
    }

    @Test
    void syncRequestReplaysTheBoxsEventsAndEndsWithSyncComplete() throws Exception {
        long from = seq();
        playlist("First");
        playlist("Second");
        SocketAnswer answer = answer(Events.SYNC_REQUEST, Map.of("last_global_seq", from), phone.credential());
        List<SocketAnswer.Emitted> events = answer.events();
        assertEquals(3, events.size(), answer.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(Events.STATE_PLAYLIST_CREATED, events.get(i).event(), answer.toString());
            assertEquals(from + 1 + i, events.get(i).data().path("server_seq").asLong(), answer.toString());
        }
        SocketAnswer.Emitted complete = events.get(2);
        assertEquals(Events.SYNC_COMPLETE, complete.event(), answer.toString());
        assertEquals(from + 2, complete.data().path("current_global_seq").asLong(), complete.toString());
        assertEquals(List.of("playlists"), answer.rooms());
    }

    @Test
    void anImpossibleSyncRequestAnswersSyncError() throws Exception {
        long from = seq();
        SocketAnswer future = answer(Events.SYNC_REQUEST, Map.of("last_global_seq", from + 100), phone.credential());
        assertEquals(List.of(Events.SYNC_ERROR), names(future), future.toString());
        assertEquals(List.of(), future.rooms(), "no room joined");

        for (int i = 0; i <= HISTORY; i++) {
            playlist("Many " + i);
        }
        SocketAnswer old = answer(Events.SYNC_REQUEST, Map.of("last_global_seq", from), phone.credential());
        assertEquals(List.of(Events.SYNC_ERROR), names(old), old.toString());
        assertFalse(old.events().get(0).data().path("error").asText().isEmpty(), old.toString());
        assertFalse(
                old.events()
                        .get(0)
                        .data()
                        .path("error")
                        .asText()
                        .equals(future.events().get(0).data().path("error").asText()),
                "too old is told apart from ahead: " + old + " " + future);
    }

    @Test
    void anUnknownEventIsAFailedReply() throws Exception {
        CommandReply reply = box.command(DeviceCommand.SOCKET, call("no:such_event", Map.of(), phone.credential()));
        assertFalse(reply.success(), reply.toString());
        assertEquals(CommandReply.UNKNOWN_COMMAND, reply.errorType());
    }

    @Test
    void aCredentialTheBoxDoesNotAcceptIsUnauthorized() throws Exception {
        String playlist = playlist("Guarded");
        RelayedBox.Phone other = box.pair("Other");
        Map<String, Object> link = Map.of("playlist_id", playlist, "client_op_id", "op-x");
        for (Map<String, Object> call : List.of(
                call(Events.START_NFC_LINK, link, "not-a-credential"),
                call(Events.JOIN_PLAYLISTS, Map.of(), "not-a-credential"),
                // A phone's own credential, but the relay named another phone.
                withPhone(call(Events.START_NFC_LINK, link, other.credential()), phone.id()))) {
            CommandReply reply = box.command(DeviceCommand.SOCKET, call);
            assertFalse(reply.success(), reply.toString());
            assertEquals("unauthorized", reply.errorType(), reply.toString());
        }
        box.data(box.lan("DELETE", "/api/remote/phones/" + other.id(), box.parent(), null), 200);
        CommandReply revoked = box.command(
                DeviceCommand.SOCKET, withPhone(call(Events.JOIN_PLAYLISTS, Map.of(), other.credential()), other.id()));
        assertEquals("unauthorized", revoked.errorType(), revoked.toString());
    }

    /** A LAN parent's socket in rooms {@code playlists} and {@code nfc}, where the box's own clients hear changes. */
    private void watchOnTheLan() throws Exception {
        lan = ParentSocket.open(box.agent.socketPort(), RelayedBox.TOKEN, DEADLINE);
        lan.emit(Events.JOIN_PLAYLISTS, Map.of());
        lan.emit(Events.JOIN_NFC, Map.of());
        lan.await(p -> p.named(Events.ACK_JOIN).size() == 2, DEADLINE, "both joins");
    }

    /** A change on the LAN whose event reaches the LAN socket after anything the box sent it before. */
    private void barrier() throws Exception {
        playlist("Barrier");
        lan.await(
                p -> p.named(Events.STATE_PLAYLIST_CREATED).stream()
                        .anyMatch(e -> e.data().toString().contains("Barrier")),
                DEADLINE,
                "the barrier's playlist");
    }

    private String playlist(String title) throws Exception {
        return box.data(box.lan("POST", "/api/playlists", RelayedBox.TOKEN, "{\"title\":\"" + title + "\"}"), 201)
                .path("id")
                .asText();
    }

    /** The box's current sequence, as a join tells it. */
    private long seq() throws Exception {
        SocketAnswer joined = answer(Events.JOIN_PLAYLISTS, Map.of(), phone.credential());
        return named(joined, Events.ACK_JOIN).get(0).data().path("server_seq").asLong();
    }

    private SocketAnswer answer(String event, Map<String, Object> data, String credential) throws Exception {
        CommandReply reply = box.command(DeviceCommand.SOCKET, call(event, data, credential));
        assertTrue(reply.success(), reply.toString());
        return JSON.convert(reply.data(), SocketAnswer.class);
    }

    private Map<String, Object> call(String event, Map<String, Object> data, String credential) {
        Map<String, Object> args = new HashMap<>();
        args.put("event", event);
        args.put("data", data);
        args.put("credential", credential);
        args.put("phone_id", phone.id());
        return args;
    }

    private static Map<String, Object> withPhone(Map<String, Object> call, String phoneId) {
        Map<String, Object> changed = new HashMap<>(call);
        changed.put("phone_id", phoneId);
        return changed;
    }

    private static List<SocketAnswer.Emitted> named(SocketAnswer answer, String event) {
        return answer.events().stream().filter(e -> e.event().equals(event)).toList();
    }

    private static List<String> names(SocketAnswer answer) {
        return answer.events().stream().map(SocketAnswer.Emitted::event).toList();
    }
}
