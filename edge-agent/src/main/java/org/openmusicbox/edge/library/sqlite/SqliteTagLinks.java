package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;

/** Which tag starts which playlist: the playlists' {@code nfc_tag_id} column, one playlist per tag. */
final class SqliteTagLinks {

    private final Database db;
    private final SyncLog log;

    SqliteTagLinks(Database db, SyncLog log) {
        this.db = db;
        this.log = log;
    }

    /**
     * The playlist that shows the tag, else the one the tag's synced link names if it is shown: a tag linked in
     * the cloud to a playlist that got another tag here meanwhile plays it too, as the model's view says, though
     * the playlist shows only its newest tag.
     */
    Optional<PlaylistLite> playlistForTag(String tagId) {
        Optional<String> id = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ? UNION ALL "
                    + "SELECT p.id FROM field_stamps s JOIN playlists p ON s.value = json_quote(p.id) "
                    + "WHERE s.entity = 'tag' AND s.entity_id = ? AND s.field = 'playlist_id' LIMIT 1")) {
                ps.setString(1, tagId);
                ps.setString(2, tagId);
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
            List<Change> changes = new ArrayList<>();
            String owner = ownerOf(c, tagId);
            if (!playlistId.equals(owner)) {
                changes.add(new Change(Entity.TAG, tagId, Fields.PLAYLIST_ID, playlistId));
            }
            // The playlist holds one tag: the one it had before plays nothing now.
            String previous = Queries.load(c, playlistId).orElseThrow().nfcTagId();
            if (previous != null && !previous.equals(tagId)) {
                changes.add(new Change(Entity.TAG, previous, Fields.PLAYLIST_ID, null));
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
            log.record(c, changes);
            return Queries.load(c, playlistId);
        });
    }

    Optional<Playlist> unlinkTag(String tagId) {
        return db.inTransaction(c -> {
            String owner = ownerOf(c, tagId);
            if (owner == null) {
                owner = syncedOwnerOf(c, tagId);
            }
            if (owner == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE playlists SET nfc_tag_id = NULL, updated_at = ? WHERE id = ? " + "AND nfc_tag_id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, owner);
                ps.setString(3, tagId);
                ps.executeUpdate();
            }
            log.record(c, List.of(new Change(Entity.TAG, tagId, Fields.PLAYLIST_ID, null)));
            return Queries.load(c, owner);
        });
    }

    /**
     * The playlist the tag's synced link names when that playlist is here but shows another, newer tag (the two
     * were linked on two sides at once); null when none.
     */
    private static String syncedOwnerOf(Connection c, String tagId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT p.id FROM field_stamps s JOIN playlists p "
                        + "ON s.value = json_quote(p.id) WHERE s.entity = 'tag' AND s.entity_id = ? AND s.field = 'playlist_id'")) {
            ps.setString(1, tagId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The playlist the tag starts, null when none. */
    private static String ownerOf(Connection c, String tagId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ?")) {
            ps.setString(1, tagId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
