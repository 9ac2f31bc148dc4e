/**
 * The parent token's salted hash kept in the library's SQLite file.
 */
package org.openmusicbox.edge.access.sqlite;
