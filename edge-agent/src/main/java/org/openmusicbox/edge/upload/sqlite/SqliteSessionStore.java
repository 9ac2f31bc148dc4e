package org.openmusicbox.edge.upload.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.upload.SessionStore;
import org.openmusicbox.edge.upload.UploadSession;
import org.openmusicbox.protocol.v1.Track;

/** Upload sessions in table {@code upload_sessions} of the box's SQLite file (migration V3). */
public final class SqliteSessionStore implements SessionStore {

    private static final String COLUMNS = "id, playlist_id, filename, file_size, chunk_size, total_chunks, received, "
            + "file_hash, status, error_message, created_at, updated_at, completed_at, track_id";

    private final Database db;

    public SqliteSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(UploadSession s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO upload_sessions (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.playlistId());
                ps.setString(3, s.filename());
                ps.setLong(4, s.fileSize());
                ps.setInt(5, s.chunkSize());
                ps.setInt(6, s.totalChunks());
                ps.setBytes(7, s.received().toByteArray());
                ps.setString(8, s.fileHash());
                ps.setString(9, s.status().word());
                ps.setString(10, s.errorMessage());
                ps.setString(11, s.createdAt().toString());
                ps.setString(12, s.updatedAt().toString());
                ps.setString(
                        13, s.completedAt() == null ? null : s.completedAt().toString());
                ps.setString(14, s.trackId());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<UploadSession> find(String id) {
        return db.read(c -> {
            List<UploadSession> found = query(c, "SELECT " + COLUMNS + " FROM upload_sessions WHERE id = ?", id);
            return found.stream().findFirst();
        });
    }

    @Override
    public void save(UploadSession s) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE upload_sessions SET received = ?, status = ?, "
                    + "error_message = ?, updated_at = ? WHERE id = ?")) {
                ps.setBytes(1, s.received().toByteArray());
                ps.setString(2, s.status().word());
                ps.setString(3, s.errorMessage());
                ps.setString(4, s.updatedAt().toString());
                ps.setString(5, s.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<UploadSession> list(UploadSession.Status status, int limit) {
        return db.read(c -> status == null
                ? query(c, "SELECT " + COLUMNS + " FROM upload_sessions ORDER BY created_at DESC, id LIMIT " + limit)
                : query(
                        c,
                        "SELECT " + COLUMNS
                                + " FROM upload_sessions WHERE status = ? ORDER BY created_at DESC, id LIMIT " + limit,
                        status.word()));
    }

    @Override
    public List<UploadSession> open() {
        return db.read(
                c -> query(c, "SELECT " + COLUMNS + " FROM upload_sessions WHERE status IN ('pending', 'uploading')"));
    }

    @Override
    public List<UploadSession> changedBefore(Instant cutoff) {
        // ISO-8601 instants in UTC sort as text.
        return db.read(c -> query(
                c,
                "SELECT " + COLUMNS + " FROM upload_sessions WHERE updated_at < ? ORDER BY updated_at",
                cutoff.toString()));
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM upload_sessions WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Track complete(String sessionId, Instant now, Supplier<Track> addTrack) {
        return db.inTransaction(c -> {
            Track track = addTrack.get();
            try (PreparedStatement ps = c.prepareStatement("UPDATE upload_sessions SET status = 'complete', "
                    + "error_message = NULL, updated_at = ?, completed_at = ?, track_id = ? WHERE id = ?")) {
                ps.setString(1, now.toString());
                ps.setString(2, now.toString());
                ps.setString(3, track.id());
                ps.setString(4, sessionId);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("upload session " + sessionId + " vanished while finalizing");
                }
            }
            return track;
        });
    }

    private static List<UploadSession> query(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<UploadSession> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String completed = rs.getString("completed_at");
                    byte[] bits = rs.getBytes("received");
                    out.add(new UploadSession(
                            rs.getString("id"),
                            rs.getString("playlist_id"),
                            rs.getString("filename"),
                            rs.getLong("file_size"),
                            rs.getInt("chunk_size"),
                            rs.getInt("total_chunks"),
                            BitSet.valueOf(bits == null ? new byte[0] : bits),
                            rs.getString("file_hash"),
                            UploadSession.Status.of(rs.getString("status")),
                            rs.getString("error_message"),
                            Instant.parse(rs.getString("created_at")),
                            Instant.parse(rs.getString("updated_at")),
                            completed == null ? null : Instant.parse(completed),
                            rs.getString("track_id")));
                }
            }
            return out;
        }
    }
}
