package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library.PlaylistPage;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;

/** The playlists table: pages, summaries, and creating, editing and deleting a playlist. */
final class SqlitePlaylists {

    private final Database db;
    private final SyncLog log;

    SqlitePlaylists(Database db, SyncLog log) {
        this.db = db;
        this.log = log;
    }

    PlaylistPage page(int page, int limit) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be >= 1: " + page);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        long offset = (long) (page - 1) * limit;
        return db.read(c -> {
            int total = Queries.count(c);
            List<Rows.PlaylistRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + Rows.PLAYLIST_COLUMNS + " FROM playlists p ORDER BY p.position LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setLong(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(Rows.playlistRow(rs));
                    }
                }
            }
            Map<String, List<Track>> tracks = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.TRACK_COLUMNS + " FROM tracks t JOIN "
                    + "(SELECT id FROM playlists ORDER BY position LIMIT ? OFFSET ?) p ON t.playlist_id = p.id "
                    + "ORDER BY t.playlist_id, t.track_number")) {
                ps.setInt(1, limit);
                ps.setLong(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Track track = Rows.track(rs);
                        tracks.computeIfAbsent(track.playlistId(), k -> new ArrayList<>())
                                .add(track);
                    }
                }
            }
            List<Playlist> playlists = rows.stream()
                    .map(row -> row.with(tracks.getOrDefault(row.id(), List.of())))
                    .toList();
            return new PlaylistPage(playlists, page, limit, total);
        });
    }

    List<PlaylistLite> summaries() {
        return db.read(c -> {
            List<PlaylistLite> summaries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.PLAYLIST_COLUMNS
                            + ", (SELECT COUNT(*) FROM tracks t WHERE t.playlist_id = p.id), "
                            + "(SELECT t.id FROM tracks t JOIN track_covers c ON c.track_id = t.id "
                            + "WHERE t.playlist_id = p.id ORDER BY t.track_number LIMIT 1) "
                            + "FROM playlists p ORDER BY p.position");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rows.PlaylistRow row = Rows.playlistRow(rs);
                    summaries.add(new PlaylistLite(
                            row.id(),
                            row.title(),
                            row.description(),
                            row.nfcTagId(),
                            rs.getInt(7),
                            row.createdAt(),
                            row.updatedAt(),
                            rs.getString(8)));
                }
            }
            return summaries;
        });
    }

    Optional<Playlist> playlist(String id) {
        return db.read(c -> Queries.load(c, id));
    }

    int count() {
        return db.read(Queries::count);
    }

    Playlist create(String title, String description) {
        String id = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO playlists "
                    + "(id, title, description, nfc_tag_id, position, created_at, updated_at) "
                    + "VALUES (?, ?, ?, NULL, (SELECT COALESCE(MAX(position), 0) + 1 FROM playlists), ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, title);
                ps.setString(3, description);
                ps.setString(4, now);
                ps.setString(5, now);
                ps.executeUpdate();
            }
            List<Change> changes = new ArrayList<>();
            changes.add(new Change(Entity.PLAYLIST, id, Fields.TITLE, title));
            if (description != null) {
                changes.add(new Change(Entity.PLAYLIST, id, Fields.DESCRIPTION, description));
            }
            log.record(c, changes);
            return null;
        });
        return new Playlist(id, title, description, null, List.of(), 0, 0, now, now);
    }

    Optional<Playlist> update(String id, String title, String description) {
        return db.inTransaction(c -> {
            Optional<Playlist> before = Queries.load(c, id);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            // Only what really changes: renaming to the same title is no change to send.
            List<Change> changes = new ArrayList<>();
            if (title != null && !title.equals(before.get().title())) {
                changes.add(new Change(Entity.PLAYLIST, id, Fields.TITLE, title));
            }
            if (description != null && !description.equals(before.get().description())) {
                changes.add(new Change(Entity.PLAYLIST, id, Fields.DESCRIPTION, description));
            }
            if (title != null || description != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE playlists SET title = COALESCE(?, title), "
                        + "description = COALESCE(?, description), updated_at = ? WHERE id = ?")) {
                    ps.setString(1, title);
                    ps.setString(2, description);
                    ps.setString(3, Instant.now().toString());
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
            }
            log.record(c, changes);
            return Queries.load(c, id);
        });
    }

    /**
     * Deletes the playlist and its tracks in one transaction. Returns the file paths no remaining track
     * refers to, for the caller to delete once this has committed; empty when the playlist is unknown.
     */
    Optional<List<String>> delete(String id) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, id)) {
                return Optional.empty();
            }
            List<String> paths = new ArrayList<>();
            // The playlist and all its tracks deleted under one stamp (docs/sync.md): a track added meanwhile on
            // the other side, which this list cannot name, keeps the playlist shown there and here.
            List<Change> changes = new ArrayList<>();
            changes.add(new Change(Entity.PLAYLIST, id, Fields.DELETED, true));
            // The tag's link goes with the row; recorded, so that a restore in the cloud does not relink it there only.
            try (PreparedStatement ps = c.prepareStatement("SELECT nfc_tag_id FROM playlists WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        changes.add(new Change(Entity.TAG, rs.getString(1), Fields.PLAYLIST_ID, null));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, file_path FROM tracks WHERE playlist_id = ? ORDER BY track_number")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new Change(Entity.TRACK, rs.getString(1), Fields.DELETED, true));
                        paths.add(rs.getString(2));
                    }
                }
            }
            Queries.execute(c, "DELETE FROM tracks WHERE playlist_id = ?", id);
            Queries.execute(c, "DELETE FROM playlists WHERE id = ?", id);
            log.record(c, changes);
            return Optional.of(Queries.unreferenced(c, paths));
        });
    }
}
