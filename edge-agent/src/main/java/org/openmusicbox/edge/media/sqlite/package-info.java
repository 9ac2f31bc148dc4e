/** The media cache's book in the SQLite file (table {@code media_files}): pending downloads and plays. */
package org.openmusicbox.edge.media.sqlite;
