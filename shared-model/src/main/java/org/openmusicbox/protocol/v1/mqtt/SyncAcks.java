package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

/**
 * {@code sync/acks}, cloud to device: one result per change of a {@link SyncChanges}, in its order. The topic is the
 * device's own, so the message names no device. It is smaller than the batch it answers, so it always fits.
 */
public record SyncAcks(List<SyncResult> results) {

    public SyncAcks {
        results = Check.list(results, "results");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results must hold at least one result");
        }
    }
}
