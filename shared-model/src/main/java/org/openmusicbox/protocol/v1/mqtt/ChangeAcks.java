package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

/**
 * {@code library/acks}, cloud to device: one result per change of a {@link LibraryChanges} message, in the same
 * order. The device can drop a change from its outbox once it has any result for it.
 */
public record ChangeAcks(String deviceId, List<ChangeResult> results) {

    public ChangeAcks {
        Check.deviceId(deviceId, "device_id");
        results = Check.list(results, "results");
    }
}
