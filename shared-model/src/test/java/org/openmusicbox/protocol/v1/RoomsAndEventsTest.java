package org.openmusicbox.protocol.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoomsAndEventsTest {

    @Test
    void playlistRoomName() {
        assertEquals("playlist:3866a1c2", Rooms.playlist("3866a1c2"));
        assertEquals("playlists", Rooms.PLAYLISTS);
        assertEquals("nfc", Rooms.NFC);
    }

    @Test
    void playlistIdIsRecoveredFromItsRoom() {
        assertEquals(Optional.of("3866a1c2"), Rooms.playlistIdOf(Rooms.playlist("3866a1c2")));
        // Ids are opaque: a colon inside one must survive.
        assertEquals(Optional.of("a:b"), Rooms.playlistIdOf("playlist:a:b"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"playlists", "nfc", "nfc:abc", "playlist:", "playlist: ", "playlist", "xplaylist:a"})
    void otherRoomsHaveNoPlaylistId(String room) {
        assertEquals(Optional.empty(), Rooms.playlistIdOf(room));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void playlistRoomNeedsAnId(String id) {
        assertThrows(IllegalArgumentException.class, () -> Rooms.playlist(id));
    }

    @Test
    void everyDocumentedEventHasAConstant() throws IllegalAccessException {
        // Written out from docs/protocol.md and the original's state events, independently of Events.
        Set<String> documented = Set.of(
                "connect",
                "disconnect",
                "connection_status",
                "client_ping",
                "client_pong",
                "join:playlists",
                "join:playlist",
                "join:nfc",
                "leave:playlists",
                "leave:playlist",
                "ack:join",
                "ack:leave",
                "state:player",
                "state:track_position",
                "state:playlists",
                "state:playlist",
                "state:track",
                "state:playlist_created",
                "state:playlist_updated",
                "state:playlist_deleted",
                "state:track_added",
                "state:track_deleted",
                "state:volume_changed",
                "state:tag_named",
                "ack:op",
                "err:op",
                "upload:progress",
                "upload:complete",
                "upload:error",
                "nfc_status",
                "nfc_association_state",
                "start_nfc_link",
                "stop_nfc_link",
                "override_nfc_tag",
                "youtube:progress",
                "youtube:complete",
                "youtube:error",
                "health_check",
                "health_status",
                "health_error",
                "sync:request",
                "sync:complete",
                "sync:error",
                "client:request_current_state");
        List<String> values = constants(Events.class);
        Set<String> missing = new HashSet<>(documented);
        values.forEach(missing::remove);
        assertEquals(Set.of(), missing, "documented events without a constant");
        assertEquals(values.size(), new HashSet<>(values).size(), "two constants share a name: " + values);
    }

    @Test
    void someEventConstantsByName() {
        assertEquals("state:player", Events.STATE_PLAYER);
        assertEquals("join:playlists", Events.JOIN_PLAYLISTS);
        assertEquals("ack:op", Events.ACK_OP);
        assertEquals("err:op", Events.ERR_OP);
        assertEquals("sync:request", Events.SYNC_REQUEST);
        assertEquals("client:request_current_state", Events.CLIENT_REQUEST_CURRENT_STATE);
        assertEquals("start_nfc_link", Events.START_NFC_LINK);
    }

    @Test
    void constantNamesMatchTheirValues() throws IllegalAccessException {
        // STATE_PLAYLIST_CREATED must be "state:playlist_created": catches a constant pasted under the wrong name.
        for (Field f : Events.class.getDeclaredFields()) {
            if (isConstant(f)) {
                String value = (String) f.get(null);
                String expectedName = value.replace(':', '_').toUpperCase();
                assertEquals(expectedName, f.getName(), "constant for " + value);
            }
        }
    }

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (isConstant(f)) {
                values.add((String) f.get(null));
            }
        }
        assertTrue(!values.isEmpty());
        return values;
    }

    private static boolean isConstant(Field f) {
        int m = f.getModifiers();
        return Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class;
    }
}
