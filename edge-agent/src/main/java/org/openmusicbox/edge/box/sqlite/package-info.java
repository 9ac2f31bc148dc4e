/**
 * The box's own memory in the SQLite file: the player's resume points and settings, and the
 * {@code server_seq} high-water mark.
 */
package org.openmusicbox.edge.box.sqlite;
