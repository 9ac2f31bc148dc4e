package org.openmusicbox.edge.library.sqlite;

import java.io.File;
import java.sql.PreparedStatement;
import org.openmusicbox.edge.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks name their file relative to the media directory: a track leaves the box in every payload, and
 * an absolute path would tell anyone on the network how the box is laid out. Rows written before this
 * rule held absolute paths; they are rewritten once, when the library opens.
 */
final class RelativePaths {

    private static final Logger log = LoggerFactory.getLogger(RelativePaths.class);

    private RelativePaths() {}

    /** A library that cannot take the write (damaged, read-only) keeps the old paths, and health says why. */
    static void rewrite(Database db) {
        String prefix = db.mediaDir() + File.separator;
        try {
            int changed = db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE tracks SET file_path = substr(file_path, ?) " + "WHERE substr(file_path, 1, ?) = ?")) {
                    ps.setInt(1, prefix.length() + 1);
                    ps.setInt(2, prefix.length());
                    ps.setString(3, prefix);
                    return ps.executeUpdate();
                }
            });
            if (changed > 0) {
                log.info("{} track paths made relative to {}", changed, db.mediaDir());
            }
        } catch (RuntimeException e) {
            log.warn("Track paths left as they are: {}", e.getMessage());
        }
    }
}
