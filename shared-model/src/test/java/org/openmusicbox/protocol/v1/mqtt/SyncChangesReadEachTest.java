package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.json.JsonCodec.JsonFormatException;

/**
 * The cloud reads a {@code sync/changes} batch change by change: an unusable change is answered {@code rejected} by
 * its own {@code change_id} while the others go on, and only an unusable frame refuses the whole message.
 */
class SyncChangesReadEachTest {

    private static final JsonCodec CODEC = new JsonCodec();

    private static byte[] edited(Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) CODEC.readTree(MqttFixtureRoundTripTest.fixture("sync-changes"));
        edit.accept(tree);
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode change(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("changes").get(i);
    }

    @Test
    void aValidBatchGivesItsChangesInOrder() {
        byte[] payload = MqttFixtureRoundTripTest.fixture("sync-changes").getBytes(StandardCharsets.UTF_8);
        SyncChanges whole = CODEC.read(payload, SyncChanges.class);

        SyncChanges.Each each = SyncChanges.readEach(CODEC, payload);

        assertEquals(whole.deviceId(), each.deviceId());
        assertEquals(
                whole.changes(),
                each.items().stream().map(SyncChanges.Item::change).toList());
        assertTrue(each.items().stream().allMatch(i -> i.problem() == null));
        assertThrows(IllegalStateException.class, () -> each.items().get(0).rejection());
    }

    @Test
    void anUnusableChangeIsRejectedByItsIdAndTheOthersStay() {
        byte[] payload = edited(t -> {
            change(t, 1).put("hlc", "007");
            change(t, 3).put("field", "colour");
            change(t, 4).put("hlc", 117681743724544000L);
        });

        SyncChanges.Each each = SyncChanges.readEach(CODEC, payload);

        assertEquals(6, each.items().size());
        for (int i : new int[] {0, 2, 5}) {
            assertNull(each.items().get(i).problem());
        }
        SyncResult order = each.items().get(1).rejection();
        assertEquals("5f0e9c1a-7b2d-4e8f-9a31-6c4d2b1e0a02", order.changeId());
        assertEquals(SyncOutcome.REJECTED, order.outcome());
        assertEquals(Refusal.INVALID, order.reason());
        assertTrue(order.message().contains("changes[1]") && order.message().contains("hlc"), order.message());
        assertTrue(each.items().get(3).rejection().message().contains("colour"));
        assertTrue(each.items().get(4).rejection().message().contains("hlc"));
        assertThrows(JsonFormatException.class, () -> CODEC.read(payload, SyncChanges.class));
    }

    @Test
    void anUnusableFrameRefusesTheMessage() {
        assertThrows(JsonFormatException.class, () -> SyncChanges.readEach(CODEC, "{not json".getBytes()));
        assertThrows(JsonFormatException.class, () -> SyncChanges.readEach(CODEC, edited(t -> t.remove("device_id"))));
        assertThrows(
                JsonFormatException.class, () -> SyncChanges.readEach(CODEC, edited(t -> t.put("device_id", "a/b"))));
        assertThrows(JsonFormatException.class, () -> SyncChanges.readEach(CODEC, edited(t -> t.putArray("changes"))));
        assertThrows(JsonFormatException.class, () -> SyncChanges.readEach(CODEC, edited(t -> t.put("changes", "x"))));
        JsonFormatException noId = assertThrows(
                JsonFormatException.class,
                () -> SyncChanges.readEach(CODEC, edited(t -> change(t, 2).remove("change_id"))));
        assertTrue(noId.getMessage().contains("changes[2].change_id"), noId.getMessage());
        assertThrows(
                JsonFormatException.class,
                () -> SyncChanges.readEach(CODEC, edited(t -> ((ArrayNode) t.get("changes")).set(0, t.nullNode()))));
    }
}
