/**
 * The conflict rules of docs/sync.md as a pure reference model: hybrid logical clock stamps ({@link
 * org.openmusicbox.protocol.v1.sync.Hlc}, {@link org.openmusicbox.protocol.v1.sync.Stamp}), field changes and an
 * in-memory {@link org.openmusicbox.protocol.v1.sync.Replica} that merges them and derives what a parent sees.
 * No I/O: the box's SQLite store and the cloud's PostgreSQL store are checked against this model, so it needs
 * the JDK alone.
 */
package org.openmusicbox.protocol.v1.sync;
