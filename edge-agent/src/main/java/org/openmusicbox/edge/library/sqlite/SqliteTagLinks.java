package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;

/** Which tag starts which playlist: the playlists' {@code nfc_tag_id} column, one playlist per tag. */
final class SqliteTagLinks {

    private final Database db;

    SqliteTagLinks(Database db) {
        this.db = db;
    }

    Optional<PlaylistLite> playlistForTag(String tagId) {
        Optional<String> id = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ?")) {
                ps.setString(1, tagId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        return id.flatMap(playlistId -> db.read(c -> Queries.load(c, playlistId)))
                .map(Playlist::lite);
    }

    Optional<Playlist> linkTag(String playlistId, String tagId) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, playlistId)) {
                return Optional.empty();
            }
            String now = Instant.now().toString();
            // The column is UNIQUE: the tag leaves its old playlist before it joins the new one.
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE playlists SET nfc_tag_id = NULL, updated_at = ? WHERE nfc_tag_id = ? AND id <> ?")) {
                ps.setString(1, now);
                ps.setString(2, tagId);
                ps.setString(3, playlistId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE playlists SET nfc_tag_id = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, tagId);
                ps.setString(2, now);
                ps.setString(3, playlistId);
                ps.executeUpdate();
            }
            return Queries.load(c, playlistId);
        });
    }

    Optional<Playlist> unlinkTag(String tagId) {
        return db.inTransaction(c -> {
            String owner;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ?")) {
                ps.setString(1, tagId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    owner = rs.getString(1);
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE playlists SET nfc_tag_id = NULL, updated_at = ? WHERE id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, owner);
                ps.executeUpdate();
            }
            return Queries.load(c, owner);
        });
    }
}
