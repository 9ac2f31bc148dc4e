package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * {@code sync/changes}, device to cloud: field changes from the box's outbox, oldest first. At least one; how many
 * is bounded by bytes, not by count ({@link SyncBatches#changes}).
 */
public record SyncChanges(String deviceId, List<SyncChange> changes) {

    public SyncChanges {
        Check.deviceId(deviceId, "device_id");
        changes = Check.list(changes, "changes");
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("changes must hold at least one change");
        }
    }

    /**
     * Reads a {@code sync/changes} payload change by change, for the cloud: one change it cannot use must be answered
     * {@code rejected} by its {@code change_id}, so the box can drop that outbox entry, while the others of the
     * batch are applied. Only a message whose frame is unusable (not JSON, no valid {@code device_id}, no
     * {@code changes}, a change without a {@code change_id}) is a {@link JsonCodec.JsonFormatException}; nothing can
     * be answered per change there, and it goes to {@code errors} like any unreadable message.
     */
    public static Each readEach(JsonCodec codec, byte[] payload) {
        JsonNode tree = codec.readTree(payload);
        JsonNode device = tree.get("device_id");
        JsonNode changes = tree.get("changes");
        try {
            Check.deviceId(device != null && device.isTextual() ? device.textValue() : null, "device_id");
        } catch (IllegalArgumentException e) {
            throw new JsonCodec.JsonFormatException(e.getMessage(), e);
        }
        if (changes == null || !changes.isArray() || changes.isEmpty()) {
            throw new JsonCodec.JsonFormatException("changes must be an array of at least one change", null);
        }
        List<Item> items = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            JsonNode node = changes.get(i);
            JsonNode id = node.get("change_id");
            if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw new JsonCodec.JsonFormatException("changes[" + i + "].change_id must not be blank", null);
            }
            try {
                items.add(new Item(id.textValue(), codec.convert(node, SyncChange.class), null));
            } catch (JsonCodec.JsonFormatException e) {
                items.add(new Item(id.textValue(), null, "changes[" + i + "]: " + e.getMessage()));
            }
        }
        return new Each(device.textValue(), items);
    }

    /** A payload read change by change: the sender and one item per change, in the batch's order. */
    public record Each(String deviceId, List<Item> items) {}

    /** One change of the batch: the change, or why it cannot be used ({@code problem}, for the rejected result). */
    public record Item(String changeId, SyncChange change, String problem) {

        /** The answer for an unusable change; for a usable one the store decides. */
        public SyncResult rejection() {
            if (change != null) {
                throw new IllegalStateException("change " + changeId + " is usable; the store answers it");
            }
            return SyncResult.rejected(changeId, Refusal.INVALID, problem);
        }
    }
}
