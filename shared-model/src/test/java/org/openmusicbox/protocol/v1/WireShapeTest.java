package org.openmusicbox.protocol.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;

/** Shapes that the fixtures alone do not pin down: optional keys, aliases and nulls. */
class WireShapeTest {

    private final JsonCodec codec = new JsonCodec();

    private JsonNode written(Object value) {
        return codec.readTree(codec.toJson(value));
    }

    private static Track track(int number) {
        return new Track(
                "t1",
                "p1",
                number,
                "Song",
                "song.mp3",
                "/music/p/song.mp3",
                1000,
                null,
                null,
                12,
                "2026-11-26T00:00:00Z",
                "2026-11-26T00:00:00Z");
    }

    @Test
    void trackWritesTrackNumberAndItsOlderNameNumber() {
        JsonNode node = written(track(7));
        assertEquals(7, node.get("track_number").asInt());
        assertEquals(7, node.get("number").asInt());
        assertTrue(node.get("track_number").isInt() && node.get("number").isInt());
    }

    @Test
    void trackNumberIsReadFromTrackNumberNotFromNumber() {
        String json = codec.toJson(track(3)).replace("\"number\":3", "\"number\":9");
        assertEquals(3, codec.read(json, Track.class).trackNumber());
    }

    @Test
    void trackKeepsNullFieldsOnTheWire() {
        JsonNode node = written(track(1));
        assertTrue(node.has("artist") && node.get("artist").isNull());
        assertTrue(node.has("album") && node.get("album").isNull());
    }

    @Test
    void globalEnvelopeOmitsPlaylistIdAndSeq() {
        StateEnvelope<VolumeChanged> envelope = new StateEnvelope<>(
                Events.STATE_VOLUME_CHANGED, 12, null, null, new VolumeChanged(40, null), 1795651268016L, "0c7d4f12");
        JsonNode node = written(envelope);
        assertFalse(node.has("playlist_id"), node::toString);
        assertFalse(node.has("playlist_seq"), node::toString);
        assertEquals(Events.STATE_VOLUME_CHANGED, node.get("event_type").asText());
        assertEquals(12, node.get("server_seq").asLong());
        assertEquals(1795651268016L, node.get("timestamp").asLong());
        assertEquals("0c7d4f12", node.get("event_id").asText());
        assertFalse(node.get("data").has("muted"), node::toString);
    }

    @Test
    void playlistEnvelopeCarriesPlaylistIdAndSeq() {
        StateEnvelope<TrackDeleted> envelope = new StateEnvelope<>(
                Events.STATE_TRACK_DELETED, 12, "p1", 4L, new TrackDeleted("p1", List.of(2)), 1L, "e");
        JsonNode node = written(envelope);
        assertEquals("p1", node.get("playlist_id").asText());
        assertEquals(4, node.get("playlist_seq").asLong());
    }

    @Test
    void envelopeKeepsTheDataKeyEvenWithoutData() {
        JsonNode node = written(new StateEnvelope<>(Events.STATE_PLAYER, 1, null, null, null, 1L, "e"));
        assertTrue(node.has("data") && node.get("data").isNull(), node::toString);
    }

    @Test
    void positionWithoutDurationOmitsIt() {
        JsonNode node = written(new TrackPosition(1500, "t1", true, null));
        assertFalse(node.has("duration_ms"), node::toString);
        assertEquals(1500, node.get("position_ms").asLong());
        assertTrue(node.get("is_playing").asBoolean());
    }

    @Test
    void playlistsRoomAckHasOnlyTheFieldsThatApply() {
        JsonNode node = written(new RoomAck(Rooms.PLAYLISTS, true, 3L, null, null, null));
        assertEquals(Map.of("room", "playlists", "success", true, "server_seq", 3), codec.convert(node, Map.class));
    }

    @Test
    void opAckOmitsOnlyMissingData() {
        JsonNode node = written(new OpAck(null, true, null, 8));
        assertFalse(node.has("data"), node::toString);
        assertTrue(node.has("client_op_id") && node.get("client_op_id").isNull(), node::toString);
        assertEquals(8, node.get("server_seq").asLong());
    }

    @Test
    void opErrorIsNeverSuccessful() {
        JsonNode node = written(OpError.of("op1", "Playlist not found", "not_found", 3));
        assertFalse(node.get("success").asBoolean());
        assertEquals("not_found", node.get("error_type").asText());
    }

    @Test
    void recordsWithoutNonNullKeepNullKeys() {
        JsonNode node = written(new PlaylistRoomRequest(null));
        assertTrue(node.has("playlist_id") && node.get("playlist_id").isNull(), node::toString);
    }

    @Test
    void playlistUpdateKeepsAFieldClearedToNull() {
        Map<String, Object> updates = new HashMap<>();
        updates.put("description", null);
        JsonNode node = written(new PlaylistUpdated("p1", null, updates, PlaylistUpdated.OPERATION));
        assertFalse(node.has("playlist"), node::toString);
        assertTrue(node.get("updates").has("description"), node::toString);
        assertTrue(node.get("updates").get("description").isNull());
    }

    @Test
    void syncCompleteSendsTheSequenceUnderBothNames() {
        JsonNode node = written(SyncComplete.of(List.of(Rooms.PLAYLISTS), 32));
        assertEquals(32, node.get("server_seq").asLong());
        assertEquals(32, node.get("current_global_seq").asLong());
        assertEquals("playlists", node.get("synced_rooms").get(0).asText());
    }

    @Test
    void emptyClientRequestsAreAccepted() {
        assertEquals(new RequestCurrentState(null, null, null), codec.read("{}", RequestCurrentState.class));
        assertEquals(new NfcRoomRequest(null), codec.read("{}", NfcRoomRequest.class));
        assertEquals(new SyncRequest(null, null, null, null), codec.read("{}", SyncRequest.class));
        assertEquals(new ClientPing(null), codec.read("{}", ClientPing.class));
        assertEquals("{}", codec.toJson(new SyncRequest(null, null, null, null)));
    }

    @Test
    void nfcStatusStatesAreTheDocumentedOnes() {
        assertEquals(
                List.of("listening", "duplicate", "success", "stopped", "timeout", "error"),
                java.util.Arrays.stream(NfcLinkState.values())
                        .map(NfcLinkState::wire)
                        .toList());
        assertEquals("\"stopped\"", codec.toJson(NfcLinkState.STOPPED));
        assertEquals(NfcLinkState.DUPLICATE, codec.read("\"duplicate\"", NfcLinkState.class));
    }

    @Test
    void nfcDuplicateNamesTheExistingPlaylist() {
        NfcAssociationState state = new NfcAssociationState(
                NfcAssociationState.State.DUPLICATE,
                "a1",
                "p1",
                "efab5678",
                null,
                null,
                new NfcAssociationState.ExistingPlaylist("p2", "Other"),
                9);
        JsonNode node = written(state);
        assertEquals("p2", node.get("existing_playlist").get("id").asText());
        assertEquals("Other", node.get("existing_playlist").get("title").asText());
        assertFalse(node.has("message") || node.has("expires_at"), node::toString);
    }

    @Test
    void collectionsAreCopiedSoARecordCannotChangeAfterItWasBuilt() {
        List<Integer> numbers = new java.util.ArrayList<>(List.of(1, 2));
        TrackDeleted deleted = new TrackDeleted("p1", numbers);
        numbers.add(3);
        assertEquals(List.of(1, 2), deleted.trackNumbers());
    }
}
