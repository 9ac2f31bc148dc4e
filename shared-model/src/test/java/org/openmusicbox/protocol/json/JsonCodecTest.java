package org.openmusicbox.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;
import org.openmusicbox.protocol.v1.PlayerState;
import org.openmusicbox.protocol.v1.StateEnvelope;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.VolumeChanged;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "{\"volume\": }",
                "{volume: 3}",
                "{'volume': 3}",
                "not json",
                "{\"volume\": 3,}",
                "{\"volume\": 3}}",
                "{\"volume\": 3} trailing"
            })
    void malformedJsonIsAFormatException(String json) {
        assertThrows(JsonFormatException.class, () -> codec.read(json, VolumeChanged.class));
        assertThrows(
                JsonFormatException.class,
                () -> codec.read(json.getBytes(StandardCharsets.UTF_8), VolumeChanged.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[1, 2", "{\"a\": 1}}", "nope"})
    void malformedJsonIsAFormatExceptionForTrees(String json) {
        assertThrows(JsonFormatException.class, () -> codec.readTree(json));
        assertThrows(JsonFormatException.class, () -> codec.readTree(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingPrimitiveFieldFails() {
        assertThrows(JsonFormatException.class, () -> codec.read("{\"muted\": true}", VolumeChanged.class));
    }

    @Test
    void nullPrimitiveFieldFails() {
        assertThrows(JsonFormatException.class, () -> codec.read("{\"volume\": null}", VolumeChanged.class));
    }

    @Test
    void missingPrimitiveFieldFailsWhenConvertingATree() {
        assertThrows(JsonFormatException.class, () -> codec.convert(Map.of("muted", true), VolumeChanged.class));
    }

    @Test
    void wrongTypeFails() {
        assertThrows(JsonFormatException.class, () -> codec.read("{\"volume\": \"loud\"}", VolumeChanged.class));
        assertThrows(JsonFormatException.class, () -> codec.read("{\"volume\": true}", VolumeChanged.class));
        assertThrows(JsonFormatException.class, () -> codec.read("[42]", VolumeChanged.class));
    }

    @Test
    void missingOptionalFieldIsNull() {
        VolumeChanged v = codec.read("{\"volume\": 42}", VolumeChanged.class);
        assertEquals(42, v.volume());
        assertNull(v.muted());
    }

    @Test
    void unknownFieldsAreIgnoredSoNewerClientsStillWork() {
        VolumeChanged v = codec.read("{\"volume\": 7, \"fade_ms\": 300, \"extra\": {\"a\": [1]}}", VolumeChanged.class);
        assertEquals(new VolumeChanged(7, null), v);
    }

    @Test
    void fieldNamesAreSnakeCaseOnTheWire() {
        String json = codec.toJson(PlayerState.idle(30, 100, 4));
        JsonNode node = codec.readTree(json);
        for (String name : List.of(
                "is_playing", "active_playlist_id", "position_ms", "can_prev", "shuffle_enabled", "server_seq")) {
            assertTrue(node.has(name), () -> "missing " + name + " in " + node);
        }
    }

    @Test
    void genericEnvelopeReadsTypedData() {
        String json = "{\"event_type\":\"state:volume_changed\",\"server_seq\":5,"
                + "\"data\":{\"volume\":12},\"timestamp\":1795651268016,\"event_id\":\"0c7d4f12\"}";
        StateEnvelope<?> envelope = codec.read(json, StateEnvelope.class, VolumeChanged.class);
        VolumeChanged data = assertInstanceOf(VolumeChanged.class, envelope.data());
        assertEquals(12, data.volume());
        assertEquals(5, envelope.serverSeq());
        assertNull(envelope.playlistId());
        assertNull(envelope.playlistSeq());
    }

    @Test
    void invalidNestedRecordIsAFormatException() {
        // A track without its primitive fields must not become a track with number 0.
        String json = "{\"event_type\":\"state:track\",\"server_seq\":1,\"data\":{\"id\":\"t\"},"
                + "\"timestamp\":1,\"event_id\":\"e\"}";
        assertThrows(JsonFormatException.class, () -> codec.read(json, StateEnvelope.class, Track.class));
    }

    @Test
    void epochSecondsAreWrittenInPlainNotation() {
        String json = new JsonCodec().toJson(java.util.Map.of("timestamp", 1795650023.958));
        assertEquals("{\"timestamp\":1795650023.958}", json);
    }
}
