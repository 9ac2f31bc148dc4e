package org.openmusicbox.cloud.store;

import org.openmusicbox.protocol.v1.sync.FieldChange;

/** One change in a device's log: numbered 1, 2, 3 ... per device, without gaps. */
public record LogEntry(long seq, FieldChange change) {}
