/** The {@code server_seq} high-water mark in the SQLite file, so numbers never go back after a restart. */
package org.openmusicbox.edge.events.sqlite;
