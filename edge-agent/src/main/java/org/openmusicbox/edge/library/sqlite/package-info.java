/**
 * The library on SQLite: the SQL for playlists, tracks and tag links, and deleting freed audio files
 * only after their transaction has committed.
 */
package org.openmusicbox.edge.library.sqlite;
