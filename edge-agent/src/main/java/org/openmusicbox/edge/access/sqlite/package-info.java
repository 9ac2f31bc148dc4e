/**
 * What access keeps in the library's SQLite file: the parent token's salted hash, the parent code's hash and the
 * sessions, and the phones paired for remote access (only hashes of their credentials).
 */
package org.openmusicbox.edge.access.sqlite;
