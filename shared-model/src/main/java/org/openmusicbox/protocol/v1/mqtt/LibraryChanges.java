package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

/**
 * {@code library/changes}, device to cloud: a batch of changes to the device's library, in the order the
 * device made them. At most {@link #MAX_CHANGES} per message; a longer outbox goes in several messages.
 */
public record LibraryChanges(String deviceId, List<LibraryChange> changes) {

    public static final int MAX_CHANGES = 256;

    public LibraryChanges {
        Check.deviceId(deviceId, "device_id");
        changes = Check.list(changes, "changes");
        if (changes.size() > MAX_CHANGES) {
            throw new IllegalArgumentException("changes must hold at most " + MAX_CHANGES + ", was " + changes.size());
        }
    }
}
