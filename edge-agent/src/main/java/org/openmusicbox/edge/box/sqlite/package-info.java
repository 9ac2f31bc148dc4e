/** The box's own memory in the SQLite file: the player's resume points and settings. */
package org.openmusicbox.edge.box.sqlite;
