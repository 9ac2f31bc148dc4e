package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.MediaNeeds;

/**
 * {@link MediaNeeds} from the tracks and the media cache's book ({@code media_files}) in the one library file: a
 * cloud track's {@code file_path} is the cache's {@code <sha256>.<ext>}, missing while no complete row names it.
 */
public final class MediaNeedRows implements MediaNeeds {

    private static final String CLOUD_FILE = "t.sha256 IS NOT NULL AND t.file_path LIKE t.sha256 || '.%'";

    private final Database db;

    public MediaNeedRows(Database database) {
        this.db = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<Missing> missing() {
        return db.read(c -> {
            List<Missing> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT t.sha256, substr(t.file_path, 66), MAX(t.file_size), "
                                    + "MAX(p.nfc_tag_id IS NOT NULL) AS kept FROM tracks t LEFT JOIN playlists p "
                                    + "ON p.id = t.playlist_id WHERE " + CLOUD_FILE + " AND NOT EXISTS (SELECT 1 FROM "
                                    + "media_files m WHERE m.sha256 = t.sha256 AND m.state = 'complete') "
                                    + "GROUP BY t.sha256, substr(t.file_path, 66) ORDER BY kept DESC, MIN(t.created_at), t.sha256");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Missing(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4) != 0));
                }
            }
            return rows;
        });
    }

    @Override
    public Set<String> kept() {
        return db.read(c -> {
            Set<String> kept = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT t.sha256 FROM tracks t JOIN playlists p "
                            + "ON p.id = t.playlist_id WHERE p.nfc_tag_id IS NOT NULL AND t.sha256 IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    kept.add(rs.getString(1));
                }
            }
            return kept;
        });
    }

    @Override
    public List<String> playlistsWith(String sha256) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT playlist_id FROM tracks WHERE sha256 = ? ORDER BY playlist_id")) {
                ps.setString(1, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }
}
