package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;

/**
 * The sync messages refuse what cannot be used, naming the field, when read from JSON and when built in Java: the
 * same rule as {@link MqttValidationTest}, for {@code sync/changes}, {@code sync/acks}, {@code sync/pull} and
 * {@code sync/log}.
 */
class SyncValidationTest {

    private static final JsonCodec CODEC = new JsonCodec();

    private static void refused(String fixture, Class<?> type, String field, Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) CODEC.readTree(MqttFixtureRoundTripTest.fixture(fixture));
        edit.accept(tree);
        String json = tree.toString();
        JsonFormatException e = assertThrows(JsonFormatException.class, () -> CODEC.read(json, type), json);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
        assertThrows(JsonFormatException.class, () -> CODEC.read(json.getBytes(), type));
    }

    private static void refusedInJava(String field, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(field), () -> "message does not name " + field + ": " + e.getMessage());
    }

    /** The fixture {@code sync-changes}, change {@code i}. */
    private static ObjectNode change(ObjectNode changes, int i) {
        return (ObjectNode) changes.get("changes").get(i);
    }

    private static void refusedChange(int i, String field, Consumer<ObjectNode> edit) {
        refused("sync-changes", SyncChanges.class, field, t -> edit.accept(change(t, i)));
    }

    @Test
    void everyFieldOfAChangeIsChecked() {
        refusedChange(0, "change_id", c -> c.remove("change_id"));
        refusedChange(0, "change_id", c -> c.put("change_id", " "));
        refusedChange(0, "entity", c -> c.remove("entity"));
        refusedChange(0, "entity", c -> c.put("entity", "album"));
        refusedChange(0, "entity", c -> c.put("entity", "PLAYLIST"));
        refusedChange(0, "entity_id", c -> c.put("entity_id", ""));
        refusedChange(0, "entity_id", c -> c.remove("entity_id"));
        refusedChange(0, "field", c -> c.remove("field"));
        refusedChange(0, "hlc", c -> c.remove("hlc"));
        refusedChange(0, "origin", c -> c.remove("origin"));
        refusedChange(0, "origin", c -> c.put("origin", "box kitchen"));
        refusedChange(0, "origin", c -> c.put("origin", "a".repeat(65)));
    }

    @Test
    void aFieldTheEntityDoesNotHaveIsRefused() {
        refusedChange(0, "no field", c -> c.put("field", "artist"));
        refusedChange(0, "no field", c -> c.put("field", "track_number"));
        refusedChange(4, "no field", c -> c.put("field", "deleted"));
        refusedChange(5, "no field", c -> c.put("field", "order"));
        refusedChange(0, "no field", c -> c.put("field", "Title"));
    }

    @Test
    void aValueOfTheWrongShapeIsRefused() {
        refusedChange(0, "value", c -> c.putNull("value"));
        refusedChange(0, "value", c -> c.remove("value"));
        refusedChange(0, "value", c -> c.put("value", 5));
        refusedChange(1, "value", c -> c.put("value", "a,b"));
        refusedChange(1, "value", c -> ((ArrayNode) c.get("value")).add(7));
        refusedChange(1, "twice", c -> ((ArrayNode) c.get("value")).add("a4c2e7f1-0b3d-4c59-8e6a-1f2d3c4b5a01"));
        refusedChange(1, "value", c -> ((ArrayNode) c.get("value")).add(" "));
        refusedChange(2, "sha256", c -> ((ObjectNode) c.get("value")).put("sha256", "ABC"));
        refusedChange(2, "object_key", c -> ((ObjectNode) c.get("value")).remove("object_key"));
        refusedChange(2, "format", c -> ((ObjectNode) c.get("value")).put("format", ""));
        refusedChange(2, "file_size", c -> ((ObjectNode) c.get("value")).put("file_size", -1));
        refusedChange(2, "file_size", c -> ((ObjectNode) c.get("value")).put("file_size", "12"));
        refusedChange(2, "file_size", c -> ((ObjectNode) c.get("value")).remove("file_size"));
        refusedChange(2, "value", c -> c.put("value", "media/x.mp3"));
        refusedChange(3, "value", c -> c.put("value", -1));
        refusedChange(3, "value", c -> c.put("value", 1.5));
        refusedChange(3, "value", c -> c.put("value", "412000"));
        refusedChange(3, "value", c -> c.put("value", new java.math.BigInteger("99999999999999999999")));
        refusedChange(4, "value", c -> c.put("value", " "));
        refusedChange(4, "value", c -> c.put("value", 3));
        refusedChange(5, "value", c -> c.put("value", "true"));
        refusedChange(5, "value", c -> c.putNull("value"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " 1",
                "1 ",
                "+1",
                "-1",
                "01",
                "00",
                "1.0",
                "1e3",
                "0x10",
                "9223372036854775808",
                "18446744073709551616",
                "99999999999999999999"
            })
    void anHlcThatIsNotOneCanonicalDecimalIsRefused(String hlc) {
        refusedChange(0, "hlc", c -> c.put("hlc", hlc));
    }

    @Test
    void anHlcWrittenAsANumberIsRefused() {
        // 117681743593472000 as a double is 117681743593472000 here, but not for every stamp: refuse them all.
        refusedChange(0, "hlc", c -> c.put("hlc", 117681743593472000L));
        refusedChange(0, "hlc", c -> c.put("hlc", 7));
        refusedChange(0, "hlc", c -> c.putNull("hlc"));
        refusedChange(0, "hlc", c -> c.put("hlc", true));
    }

    @Test
    void theEdgesOfTheHlcRangeAreAccepted() {
        for (String hlc : List.of("0", "9223372036854775807", "117681743593472001")) {
            SyncChange change = new SyncChange(
                    "c", Entity.PLAYLIST, "p", "title", JsonNodeFactory.instance.textNode("t"), hlc, "box");
            assertEquals(Long.parseLong(hlc), change.stamp().hlc());
            assertEquals(change, CODEC.read(CODEC.toJson(change), SyncChange.class));
        }
    }

    @Test
    void aBatchNeedsADeviceIdAndAtLeastOneChange() {
        refused("sync-changes", SyncChanges.class, "device_id", t -> t.remove("device_id"));
        refused("sync-changes", SyncChanges.class, "device_id", t -> t.put("device_id", "box/1"));
        refused("sync-changes", SyncChanges.class, "changes", t -> t.remove("changes"));
        refused("sync-changes", SyncChanges.class, "changes", t -> t.putArray("changes"));
        refused(
                "sync-changes",
                SyncChanges.class,
                "changes[2]",
                t -> ((ArrayNode) t.get("changes")).set(2, t.nullNode()));
    }

    @Test
    void aResultSaysWhyOnlyWhenRejected() {
        refused("sync-result-rejected", SyncResult.class, "reason", t -> t.remove("reason"));
        refused("sync-result-rejected", SyncResult.class, "reason", t -> t.put("reason", "because"));
        refused("sync-result-rejected", SyncResult.class, "outcome", t -> t.put("outcome", "stale"));
        refused("sync-result-rejected", SyncResult.class, "outcome", t -> t.remove("outcome"));
        refused("sync-result-rejected", SyncResult.class, "change_id", t -> t.remove("change_id"));
        refused("sync-result-rejected", SyncResult.class, "reason", t -> t.put("outcome", "applied"));
        refused("sync-acks", SyncAcks.class, "results", t -> t.putArray("results"));
        refused("sync-acks", SyncAcks.class, "results", t -> t.remove("results"));
        refused(
                "sync-acks",
                SyncAcks.class,
                "change_id",
                t -> ((ObjectNode) t.get("results").get(0)).remove("change_id"));
        // The message is for logs: a rejected result without one is still an answer.
        SyncResult bare = SyncResult.rejected("c", Refusal.INVALID, null);
        assertEquals(bare, CODEC.read(CODEC.toJson(bare), SyncResult.class));
        assertTrue(!CODEC.toJson(bare).contains("message"), CODEC.toJson(bare));
        assertNull(SyncResult.of("c", SyncOutcome.DUPLICATE).reason());
    }

    @Test
    void aPullIsChecked() {
        refused("sync-pull", SyncPull.class, "device_id", t -> t.put("device_id", "+"));
        refused("sync-pull", SyncPull.class, "request_id", t -> t.remove("request_id"));
        refused("sync-pull", SyncPull.class, "after", t -> t.put("after", -1));
        refused("sync-pull", SyncPull.class, "after", t -> t.put("after", 1L << 53));
        refused("sync-pull", SyncPull.class, "limit", t -> t.put("limit", 0));
        refused("sync-pull", SyncPull.class, "limit", t -> t.put("limit", SyncPull.MAX_LIMIT + 1));
        // A missing number is refused by the codec itself, without the field's name.
        refused("sync-pull", SyncPull.class, "", t -> t.remove("after"));
        refused("sync-pull", SyncPull.class, "", t -> t.remove("limit"));
    }

    private static ObjectNode entry(ObjectNode log, int i) {
        return (ObjectNode) log.get("entries").get(i);
    }

    @Test
    void aLogPageIsChecked() {
        refused("sync-log", SyncLog.class, "request_id", t -> t.put("request_id", ""));
        refused("sync-log", SyncLog.class, "entries", t -> t.remove("entries"));
        refused("sync-log", SyncLog.class, "seq", t -> entry(t, 0).put("seq", 0));
        refused("sync-log", SyncLog.class, "seq", t -> entry(t, 0).put("seq", -3));
        refused("sync-log", SyncLog.class, "seq", t -> entry(t, 1).put("seq", 42));
        refused("sync-log", SyncLog.class, "seq", t -> entry(t, 1).put("seq", 41));
        refused("sync-log", SyncLog.class, "change", t -> entry(t, 1).remove("change"));
        refused("sync-log", SyncLog.class, "hlc", t -> ((ObjectNode) entry(t, 1).get("change")).put("hlc", "0043"));
        refused("sync-log", SyncLog.class, "next", t -> t.put("next", 43));
        refused("sync-log", SyncLog.class, "next", t -> t.put("next", 45));
        refused("sync-log", SyncLog.class, "next", t -> t.put("next", -1));
        refused("sync-log-last-page", SyncLog.class, "more", t -> t.put("more", true));
        refused("sync-log-last-page", SyncLog.class, "next", t -> t.put("next", 1L << 53));
    }

    @Test
    void javaBuildersCheckTheSameRules() {
        refusedInJava("outcome", () -> SyncOutcome.of("stale"));
        refusedInJava("reason", () -> Refusal.of("bad"));
        refusedInJava("reason", () -> SyncResult.rejected("c", null, "m"));
        refusedInJava("reason", () -> new SyncResult("c", SyncOutcome.APPLIED, Refusal.CLOCK_SKEW, null));
        refusedInJava("limit", () -> new SyncPull("box", "r", 0, 0));
        refusedInJava("more", () -> new SyncLog("r", List.of(), 0, true));
        refusedInJava("seq", () -> new SyncLog.Entry(0, null));
        refusedInJava("change", () -> new SyncLog.Entry(1, null));
        refusedInJava(
                "hlc",
                () -> new SyncChange(
                        "c", Entity.PLAYLIST, "p", "title", JsonNodeFactory.instance.textNode("t"), "-5", "box"));
        refusedInJava("changes", () -> new SyncChanges("box", List.of()));
    }
}
