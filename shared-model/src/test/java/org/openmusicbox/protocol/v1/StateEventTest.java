package org.openmusicbox.protocol.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;

class StateEventTest {

    private final JsonCodec codec = new JsonCodec();

    private static final Track TRACK = new Track(
            "t1",
            "p1",
            1,
            "Song",
            "a.mp3",
            "a.mp3",
            1000,
            "Artist",
            "Album",
            2000,
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00Z");
    private static final Playlist PLAYLIST = new Playlist(
            "p1", "Songs", null, null, List.of(TRACK), 1, 1000, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");

    /** One of every kind, so that a new kind of event without a name (or with a wrong one) shows here. */
    private static final Map<StateEvent, String> NAMED = Map.ofEntries(
            Map.entry(PlayerState.idle(30, 100, 1), "state:player"),
            Map.entry(new TrackPosition(5, "t1", true, null), "state:track_position"),
            Map.entry(new PlaylistsSnapshot(List.of(PLAYLIST.lite()), null), "state:playlists"),
            Map.entry(PLAYLIST, "state:playlist"),
            Map.entry(new PlaylistCreated("p1", PLAYLIST, "create"), "state:playlist_created"),
            Map.entry(
                    new PlaylistUpdated("p1", PLAYLIST, Map.of("title", "Songs"), "update"), "state:playlist_updated"),
            Map.entry(new PlaylistDeleted("p1", null, "delete"), "state:playlist_deleted"),
            Map.entry(new TrackAdded("p1", TRACK), "state:track_added"),
            Map.entry(new TrackDeleted("p1", List.of(1)), "state:track_deleted"),
            Map.entry(new VolumeChanged(30, false), "state:volume_changed"),
            Map.entry(new TagNamed("04a22b1c", "Lion card", "p1"), "state:tag_named"));

    @Test
    void everyStateEventCarriesItsWireNameAndKeepsItOutOfTheJson() {
        assertEquals(StateEvent.class.getPermittedSubclasses().length, NAMED.size(), "a kind of event is not checked");
        NAMED.forEach((event, name) -> {
            assertEquals(name, event.event(), event.getClass().getSimpleName());
            JsonNode json = codec.toTree(event);
            assertFalse(json.has("event"), () -> "event name leaked into " + json);
        });
    }

    @Test
    void numberedEventsCarryTheirWireNames() {
        assertEquals("nfc_status", new NfcStatus("a", NfcLinkState.LISTENING, "p1", null, null, "s", "t", 3).event());
        assertEquals(
                "nfc_association_state",
                new NfcAssociationState(NfcAssociationState.State.LISTENING, "a", "p1", null, null, "t", null, 3)
                        .event());
    }

    @Test
    void plainEventsCarryTheirWireNamesAndKeepThemOutOfTheJson() {
        Map<PlainEvent, String> named = Map.of(
                new UploadProgress("p1", "s1", 0, 50.0, false, "a.mp3"),
                "upload:progress",
                new UploadComplete("p1", "s1", "a.mp3", null, null),
                "upload:complete",
                new UploadError("p1", "s1", "too big"),
                "upload:error",
                OpAck.of("op1", null, 4),
                "ack:op",
                OpError.of("op1", "no", "validation_error", 4),
                "err:op");
        assertEquals(PlainEvent.class.getPermittedSubclasses().length, named.size(), "a kind of event is not checked");
        named.forEach((event, name) -> {
            assertEquals(name, event.event(), event.getClass().getSimpleName());
            assertFalse(codec.toTree(event).has("event"), () -> "event name leaked into " + codec.toJson(event));
        });
    }

    @Test
    void aStoppedLinkReadsCancelledToParentsAndEveryOtherStateKeepsItsWord() {
        for (NfcLinkState link : NfcLinkState.values()) {
            String shown = NfcAssociationState.State.of(link).wire();
            assertEquals(link == NfcLinkState.STOPPED ? "cancelled" : link.wire(), shown, link.name());
        }
        JsonNode json = codec.toTree(new NfcAssociationState(
                NfcAssociationState.State.of(NfcLinkState.STOPPED), "a", "p1", null, null, "t", null, 3));
        assertEquals("cancelled", json.path("state").asText());
    }

    @Test
    void playerVocabulariesAreTheSameWordsOnTheWire() {
        for (PlaybackState state : PlaybackState.values()) {
            assertEquals("\"" + state.name().toLowerCase() + "\"", codec.toJson(state));
            assertEquals(state, codec.read(codec.toJson(state), PlaybackState.class));
        }
        for (RepeatMode mode : RepeatMode.values()) {
            assertEquals("\"" + mode.name().toLowerCase() + "\"", codec.toJson(mode));
            assertEquals(mode, RepeatMode.fromWire(mode.wire()).orElseThrow());
            assertEquals(mode, codec.read(codec.toJson(mode), RepeatMode.class));
        }
        JsonNode idle = codec.toTree(PlayerState.idle(30, 100, 1));
        assertEquals("stopped", idle.path("state").asText());
        assertEquals("none", idle.path("repeat_mode").asText());
    }

    @Test
    void anUnknownWordIsNoMode() {
        for (String word : new String[] {null, "", "NONE", "twice", " one"}) {
            assertTrue(RepeatMode.fromWire(word).isEmpty(), () -> "accepted " + word);
        }
        assertThrows(JsonFormatException.class, () -> codec.read("\"rewinding\"", PlaybackState.class));
    }
}
