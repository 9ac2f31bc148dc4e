/**
 * The box's SQLite file: the one connection, its transactions, schema migrations, and what to do with a
 * file SQLite cannot read.
 */
package org.openmusicbox.edge.db;
