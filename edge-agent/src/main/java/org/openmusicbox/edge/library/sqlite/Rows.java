package org.openmusicbox.edge.library.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/** How playlist and track rows are selected and turned into protocol records. */
final class Rows {

    static final String PLAYLIST_COLUMNS = "p.id, p.title, p.description, p.nfc_tag_id, p.created_at, p.updated_at";
    /**
     * The last column says whether the file is here: a cloud track's file ({@code <sha256>.<ext>}, or none yet) is
     * here only when the media cache holds it complete; a track uploaded on the box names its own file. The one
     * after it says whether the track has a cover picture.
     */
    static final String TRACK_COLUMNS = "t.id, t.playlist_id, t.track_number, t.title, t.filename, t.file_path, "
            + "t.duration_ms, t.artist, t.album, t.file_size, t.created_at, t.updated_at, "
            + "CASE WHEN t.file_path = '' THEN 0 WHEN t.sha256 IS NOT NULL AND t.file_path LIKE t.sha256 || '.%' "
            + "THEN EXISTS (SELECT 1 FROM media_files m WHERE m.sha256 = t.sha256 AND m.state = 'complete') "
            + "ELSE 1 END, EXISTS (SELECT 1 FROM track_covers c WHERE c.track_id = t.id)";

    private Rows() {}

    /** Reads the first six columns, {@link #PLAYLIST_COLUMNS}; a query may select more after them. */
    static PlaylistRow playlistRow(ResultSet rs) throws SQLException {
        return new PlaylistRow(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }

    /** Reads {@link #TRACK_COLUMNS}. */
    static Track track(ResultSet rs) throws SQLException {
        return new Track(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getString(8),
                rs.getString(9),
                rs.getLong(10),
                rs.getString(11),
                rs.getString(12),
                rs.getInt(13) != 0,
                rs.getInt(14) != 0);
    }

    /** A playlist row before its tracks are known: count and duration come from the tracks. */
    record PlaylistRow(
            String id, String title, String description, String nfcTagId, String createdAt, String updatedAt) {

        Playlist with(List<Track> tracks) {
            long duration = tracks.stream().mapToLong(Track::durationMs).sum();
            return new Playlist(
                    id, title, description, nfcTagId, tracks, tracks.size(), duration, createdAt, updatedAt);
        }
    }

    /** A track's id and its file, for the writes that delete or move it. */
    record TrackFile(String id, String filePath) {}
}
