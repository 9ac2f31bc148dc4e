package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;

/** The names parents give their tags, in {@code tag_names}: kept by the tag's uid, box-local (not synced). */
final class SqliteTagNames {

    private final Database db;

    SqliteTagNames(Database db) {
        this.db = db;
    }

    /** The tags that start a playlist, with their names where a parent gave one, in the playlists' order. */
    List<Library.LinkedTag> linked() {
        return db.read(c -> {
            List<Library.LinkedTag> tags = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT p.nfc_tag_id, n.name, p.id, p.title FROM playlists p "
                                    + "LEFT JOIN tag_names n ON n.tag_id = p.nfc_tag_id "
                                    + "WHERE p.nfc_tag_id IS NOT NULL ORDER BY p.position");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.add(new Library.LinkedTag(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return tags;
        });
    }

    void name(String tagId, String name) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tag_names (tag_id, name, updated_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (tag_id) DO UPDATE SET name = excluded.name, "
                    + "updated_at = excluded.updated_at")) {
                ps.setString(1, tagId);
                ps.setString(2, name);
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
