package org.openmusicbox.edge.library.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * Reading what {@code field_stamps} and the library rows hold, for applying the cloud's log: a field's stamp and
 * value, a track's row playlist, a tag's holder, and the file names a cloud track gets. Apart from
 * {@link ChangesFromCloud} so that the page's logic reads on its own.
 */
final class StampedRows {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    private StampedRows() {}

    /** The media cache's name for the file: {@code <sha256>.<ext>}, the extension from the format. */
    static String contentName(Media media) {
        String ext = media.format().toLowerCase(Locale.ROOT);
        return media.sha256() + "." + (EXTENSION.matcher(ext).matches() ? ext : "bin");
    }

    /**
     * The track's file when the box stored it itself (an upload), for deletion once unused; null for a file in
     * the media cache ({@code <sha256>.<ext>}), which the cache evicts on its own terms, and for none.
     */
    static String ownFile(Connection c, String trackId, String filePath) throws SQLException {
        if (filePath == null || filePath.isEmpty()) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM tracks WHERE id = ?")) {
            ps.setString(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && filePath.startsWith(rs.getString(1) + ".")) {
                    return null;
                }
            }
        }
        return filePath;
    }

    record Stored(long hlc, String origin, String json) {
        Stamp stamp() {
            return new Stamp(hlc, origin);
        }
    }

    static Stored stored(Connection c, String entity, String id, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT hlc, origin, value FROM field_stamps WHERE entity = ? AND entity_id = ? AND field = ?")) {
            ps.setString(1, entity);
            ps.setString(2, id);
            ps.setString(3, field);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    static Map<String, Stored> fields(Connection c, String entity, String id) throws SQLException {
        Map<String, Stored> fields = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT field, hlc, origin, value FROM field_stamps WHERE entity = ? AND entity_id = ?")) {
            ps.setString(1, entity);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.put(rs.getString(1), new Stored(rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return fields;
    }

    static Object value(Connection c, Entity entity, String id, String field) throws SQLException {
        return decode(entity, field, stored(c, SyncLog.name(entity), id, field));
    }

    static Object decode(Entity entity, String field, Stored stored) {
        return stored == null || stored.json() == null ? null : ChangeValues.decode(entity, field, stored.json());
    }

    static String rowPlaylistOf(Connection c, String trackId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT playlist_id FROM tracks WHERE id = ?")) {
            ps.setString(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String holderOf(Connection c, String tagId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ?")) {
            ps.setString(1, tagId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
