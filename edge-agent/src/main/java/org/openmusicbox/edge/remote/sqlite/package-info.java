/** The ledger of relayed commands in the box's SQLite file (table {@code remote_commands}). */
package org.openmusicbox.edge.remote.sqlite;
