package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * The sync model's {@link FieldChange} and the wire's {@link SyncChange} map into each other without loss, for every
 * field of every entity and for the values that matter (null where a field may be empty, the highest stamp), and the
 * JSON has the shape docs/mqtt.md shows.
 */
class SyncChangeMappingTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Media MEDIA = new Media(SHA, "media/" + SHA + ".mp3", "mp3", 6_592_311);
    private static final Stamp STAMP = new Stamp(Hlc.pack(1_795_680_902_000L, 3), "box-kitchen-01");

    record Value(Entity entity, String field, Object value) {
        @Override
        public String toString() {
            return entity + "." + field + "=" + value;
        }
    }

    static List<Value> values() {
        List<Value> values = new ArrayList<>();
        values.add(new Value(Entity.PLAYLIST, Fields.TITLE, "Bedtime stories"));
        values.add(new Value(Entity.PLAYLIST, Fields.TITLE, ""));
        values.add(new Value(Entity.PLAYLIST, Fields.TITLE, "Gute Nacht \"Lieder\" \u00e9\u4e16\ud83c\udfb5\n"));
        values.add(new Value(Entity.PLAYLIST, Fields.DESCRIPTION, "Calm ones"));
        values.add(new Value(Entity.PLAYLIST, Fields.DESCRIPTION, null));
        values.add(new Value(Entity.PLAYLIST, Fields.DELETED, true));
        values.add(new Value(Entity.PLAYLIST, Fields.DELETED, false));
        values.add(new Value(Entity.PLAYLIST, Fields.ORDER, List.of("t-2", "t-1", "t-3")));
        values.add(new Value(Entity.PLAYLIST, Fields.ORDER, List.of()));
        values.add(new Value(Entity.TRACK, Fields.PLAYLIST_ID, "pl-1"));
        values.add(new Value(Entity.TRACK, Fields.TITLE, "The Gruffalo"));
        values.add(new Value(Entity.TRACK, Fields.ARTIST, "Julia Donaldson"));
        values.add(new Value(Entity.TRACK, Fields.ARTIST, null));
        values.add(new Value(Entity.TRACK, Fields.ALBUM, "Stories"));
        values.add(new Value(Entity.TRACK, Fields.ALBUM, null));
        values.add(new Value(Entity.TRACK, Fields.DURATION_MS, 412_000L));
        values.add(new Value(Entity.TRACK, Fields.DURATION_MS, 0L));
        values.add(new Value(Entity.TRACK, Fields.DURATION_MS, Long.MAX_VALUE));
        values.add(new Value(Entity.TRACK, Fields.MEDIA, MEDIA));
        values.add(new Value(Entity.TRACK, Fields.MEDIA, null));
        values.add(new Value(Entity.TRACK, Fields.DELETED, true));
        values.add(new Value(Entity.TAG, Fields.PLAYLIST_ID, "pl-1"));
        values.add(new Value(Entity.TAG, Fields.PLAYLIST_ID, null));
        return values;
    }

    @Test
    void theCasesCoverEveryFieldOfEveryEntity() {
        Set<String> all = Arrays.stream(Entity.values())
                .flatMap(e -> Fields.of(e).stream().map(f -> e + "." + f))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered =
                values().stream().map(v -> v.entity() + "." + v.field()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void aModelChangeSurvivesTheWireBothWays(Value v) {
        FieldChange model = new FieldChange(v.entity(), "id-1", v.field(), v.value(), STAMP, "change-1");

        SyncChange wire = SyncChange.of(model);
        assertEquals(model, wire.toFieldChange());

        String json = CODEC.toJson(wire);
        SyncChange read = CODEC.read(json, SyncChange.class);
        assertEquals(wire, read);
        assertEquals(model, read.toFieldChange());

        JsonNode tree = CODEC.readTree(json);
        assertEquals(
                v.entity().name().toLowerCase(java.util.Locale.ROOT),
                tree.get("entity").textValue());
        assertTrue(tree.get("hlc").isTextual(), json);
        assertEquals(Long.toString(STAMP.hlc()), tree.get("hlc").textValue());
        // Null is written, not left out: "unlink the tag" must not look like a change without a value.
        assertTrue(tree.has("value"), json);
        assertEquals(v.value() == null, tree.get("value").isNull(), json);
    }

    @Test
    void theWireShapeOfEachKindOfValue() {
        assertEquals(
                CODEC.readTree("[\"t-2\",\"t-1\"]"),
                wire(Entity.PLAYLIST, Fields.ORDER, List.of("t-2", "t-1")).get("value"));
        assertEquals(
                CODEC.readTree("{\"sha256\":\"" + SHA + "\",\"object_key\":\"media/" + SHA
                        + ".mp3\",\"format\":\"mp3\",\"file_size\":6592311}"),
                wire(Entity.TRACK, Fields.MEDIA, MEDIA).get("value"));
        assertEquals(
                412000L,
                wire(Entity.TRACK, Fields.DURATION_MS, 412_000L).get("value").longValue());
        assertTrue(wire(Entity.TRACK, Fields.DELETED, true).get("value").booleanValue());
    }

    @Test
    void theHighestStampSurvivesAsText() {
        Stamp top = new Stamp(Long.MAX_VALUE, "cloud-1");
        FieldChange model = new FieldChange(Entity.PLAYLIST, "p", Fields.TITLE, "t", top, "c");
        String json = CODEC.toJson(SyncChange.of(model));
        assertTrue(json.contains("\"hlc\":\"9223372036854775807\""), json);
        assertEquals(model, CODEC.read(json, SyncChange.class).toFieldChange());
    }

    @Test
    void whatTheModelRefusesDoesNotReachTheWire() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SyncChange.of(new FieldChange(Entity.TRACK, "t", Fields.DURATION_MS, 5, STAMP, "c")));
        assertThrows(
                IllegalArgumentException.class,
                () -> SyncChange.of(new FieldChange(Entity.TAG, "t", Fields.DELETED, true, STAMP, "c")));
        assertThrows(
                IllegalArgumentException.class,
                () -> SyncChange.of(
                        new FieldChange(Entity.PLAYLIST, "p", Fields.ORDER, List.of("a", "a"), STAMP, "c")));
        assertThrows(
                IllegalArgumentException.class,
                () -> SyncChange.of(new FieldChange(Entity.PLAYLIST, "p", "colour", "red", STAMP, "c")));
        assertThrows(IllegalArgumentException.class, () -> SyncChange.of(null));
    }

    @Test
    void anOrderLongerThanAPlaylistMayBeIsRefused() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SyncChange.MAX_ORDER; i++) {
            ids.add("t" + i);
        }
        assertEquals(
                SyncChange.MAX_ORDER,
                SyncChange.of(new FieldChange(Entity.PLAYLIST, "p", Fields.ORDER, ids, STAMP, "c"))
                        .value()
                        .size());
        ids.add("one-more");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SyncChange.of(new FieldChange(Entity.PLAYLIST, "p", Fields.ORDER, ids, STAMP, "c")));
        assertTrue(e.getMessage().contains("at most " + SyncChange.MAX_ORDER), e.getMessage());
    }

    @Test
    void theFixturesReadIntoTheModel() {
        SyncChanges changes = CODEC.read(MqttFixtureRoundTripTest.fixture("sync-changes"), SyncChanges.class);
        List<FieldChange> model =
                changes.changes().stream().map(SyncChange::toFieldChange).toList();
        assertEquals("Bedtime stories", model.get(0).value());
        assertEquals(3, ((List<?>) model.get(1).value()).size());
        assertEquals(6_592_311L, ((Media) model.get(2).value()).fileSize());
        assertEquals(412_000L, model.get(3).value());
        assertEquals(null, model.get(4).value());
        assertEquals(Boolean.TRUE, model.get(5).value());
        assertEquals(
                new Stamp(117681743593472001L, "box-kitchen-01"), model.get(1).stamp());
        assertEquals("2026-11-26T08:15:02Z+1", Hlc.format(model.get(1).stamp().hlc()));
    }

    private static JsonNode wire(Entity entity, String field, Object value) {
        return CODEC.readTree(CODEC.toJson(SyncChange.of(new FieldChange(entity, "id", field, value, STAMP, "c"))));
    }
}
