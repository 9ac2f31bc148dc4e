package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

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
}
