package org.openmusicbox.edge.library.sqlite;

import org.openmusicbox.protocol.v1.sync.Entity;

/** One field a library write sets, before it is stamped: what {@link SyncLog} records. */
record Change(Entity entity, String entityId, String field, Object value) {}
