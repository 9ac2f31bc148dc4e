package org.openmusicbox.edge.library.sqlite;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library on the box's SQLite file. Every write is one transaction of {@link Database#inTransaction};
 * audio files are deleted only after that transaction has committed, so a power cut can leave at worst an
 * orphan file, never a track without its file.
 */
public final class SqliteLibrary implements Library {

    private static final Logger log = LoggerFactory.getLogger(SqliteLibrary.class);

    private static final String PLAYLIST_COLUMNS = "p.id, p.title, p.description, p.nfc_tag_id, p.created_at, p.updated_at";
    private static final String TRACK_COLUMNS = "t.id, t.playlist_id, t.track_number, t.title, t.filename, t.file_path, "
            + "t.duration_ms, t.artist, t.album, t.file_size, t.created_at, t.updated_at";

    private final Database db;

    public SqliteLibrary(Database database) {
        this.db = Objects.requireNonNull(database, "database");
        relativizeStoredPaths();
    }

    /**
     * Tracks name their file relative to the media directory: a track leaves the box in every
     * payload, and an absolute path would tell anyone on the network how the box is laid out. Rows
     * written before this rule held absolute paths; they are rewritten once. A library that cannot
     * take the write (damaged, read-only) keeps them, and health says why.
     */
    private void relativizeStoredPaths() {
        String prefix = db.mediaDir() + java.io.File.separator;
        try {
            int changed = db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE tracks SET file_path = substr(file_path, ?) "
                        + "WHERE substr(file_path, 1, ?) = ?")) {
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

    /** The path stored for a track's file: relative to the media directory when the file is inside it. */
    private String stored(String filePath) {
        Path file = underMediaDir(filePath);
        return file == null ? filePath : db.mediaDir().relativize(file).toString();
    }

    @Override
    public PlaylistPage page(int page, int limit) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be >= 1: " + page);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        long offset = (long) (page - 1) * limit;
        return db.read(c -> {
            int total = count(c);
            List<PlaylistRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + PLAYLIST_COLUMNS + " FROM playlists p ORDER BY p.position LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setLong(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(playlistRow(rs));
                    }
                }
            }
            Map<String, List<Track>> tracks = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TRACK_COLUMNS + " FROM tracks t JOIN "
                    + "(SELECT id FROM playlists ORDER BY position LIMIT ? OFFSET ?) p ON t.playlist_id = p.id "
                    + "ORDER BY t.playlist_id, t.track_number")) {
                ps.setInt(1, limit);
                ps.setLong(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Track track = track(rs);
                        tracks.computeIfAbsent(track.playlistId(), k -> new ArrayList<>()).add(track);
                    }
                }
            }
            List<Playlist> playlists = rows.stream()
                    .map(row -> row.with(tracks.getOrDefault(row.id(), List.of())))
                    .toList();
            return new PlaylistPage(playlists, page, limit, total);
        });
    }

    @Override
    public List<PlaylistLite> summaries() {
        return db.read(c -> {
            List<PlaylistLite> summaries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PLAYLIST_COLUMNS
                    + ", (SELECT COUNT(*) FROM tracks t WHERE t.playlist_id = p.id) FROM playlists p ORDER BY p.position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PlaylistRow row = playlistRow(rs);
                    summaries.add(new PlaylistLite(row.id(), row.title(), row.description(), row.nfcTagId(),
                            rs.getInt(7), row.createdAt(), row.updatedAt()));
                }
            }
            return summaries;
        });
    }

    @Override
    public Optional<Playlist> playlist(String id) {
        Objects.requireNonNull(id, "id");
        return db.read(c -> load(c, id));
    }

    @Override
    public int count() {
        return db.read(SqliteLibrary::count);
    }

    @Override
    public Playlist create(String title, String description) {
        Objects.requireNonNull(title, "title");
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
            return null;
        });
        return new Playlist(id, title, description, null, List.of(), 0, 0, now, now);
    }

    @Override
    public Optional<Playlist> update(String id, String title, String description) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> {
            if (!exists(c, id)) {
                return Optional.empty();
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
            return load(c, id);
        });
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        List<String> files = db.inTransaction(c -> {
            if (!exists(c, id)) {
                return null;
            }
            List<String> paths = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT file_path FROM tracks WHERE playlist_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        paths.add(rs.getString(1));
                    }
                }
            }
            execute(c, "DELETE FROM tracks WHERE playlist_id = ?", id);
            execute(c, "DELETE FROM playlists WHERE id = ?", id);
            return unreferenced(c, paths);
        });
        if (files == null) {
            return false;
        }
        Set<Path> directories = deleteFiles(files);
        directories.forEach(this::deleteEmptyDirectories);
        return true;
    }

    @Override
    public Optional<Playlist> reorder(String playlistId, List<String> trackIds) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(trackIds, "trackIds");
        return db.inTransaction(c -> {
            if (!exists(c, playlistId)) {
                return Optional.empty();
            }
            List<String> current = orderedTrackIds(c, playlistId);
            // same size and naming every track: a permutation, so no duplicates and no strangers
            if (trackIds.size() != current.size() || !new HashSet<>(trackIds).containsAll(current)) {
                throw new IllegalArgumentException("the order must name each of the playlist's " + current.size()
                        + " tracks exactly once; got " + trackIds.size() + " ids");
            }
            String now = Instant.now().toString();
            if (renumber(c, playlistId, trackIds, now) > 0) {
                touch(c, playlistId, now);
            }
            return load(c, playlistId);
        });
    }

    @Override
    public Optional<Playlist> deleteTracks(String playlistId, List<Integer> trackNumbers) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(trackNumbers, "trackNumbers");
        Set<Integer> toDelete = new LinkedHashSet<>(trackNumbers);
        if (toDelete.contains(null)) {
            throw new IllegalArgumentException("track numbers must not contain null");
        }
        Optional<Outcome> outcome = db.inTransaction(c -> {
            if (!exists(c, playlistId)) {
                return Optional.empty();
            }
            Map<Integer, TrackFile> byNumber = trackFilesByNumber(c, playlistId);
            Set<Integer> unknown = new TreeSet<>(toDelete);
            unknown.removeAll(byNumber.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("playlist " + playlistId + " has no track number " + unknown);
            }
            if (toDelete.isEmpty()) {
                return Optional.of(new Outcome(load(c, playlistId).orElseThrow(), List.of()));
            }
            List<String> paths = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tracks WHERE id = ?")) {
                for (Integer number : toDelete) {
                    TrackFile track = byNumber.get(number);
                    paths.add(track.filePath());
                    ps.setString(1, track.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            String now = Instant.now().toString();
            renumber(c, playlistId, orderedTrackIds(c, playlistId), now);
            touch(c, playlistId, now);
            return Optional.of(new Outcome(load(c, playlistId).orElseThrow(), unreferenced(c, paths)));
        });
        outcome.ifPresent(o -> deleteFiles(o.files()));
        return outcome.map(Outcome::playlist);
    }

    @Override
    public Optional<TrackMove> moveTrack(String sourceId, String targetId, int trackNumber, Integer targetPosition) {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
        return db.inTransaction(c -> {
            if (!exists(c, sourceId) || !exists(c, targetId)) {
                return Optional.empty();
            }
            TrackFile moved = trackFilesByNumber(c, sourceId).get(trackNumber);
            if (moved == null) {
                throw new IllegalArgumentException("playlist " + sourceId + " has no track number " + trackNumber);
            }
            String now = Instant.now().toString();
            List<String> sourceOrder = orderedTrackIds(c, sourceId);
            sourceOrder.remove(moved.id());
            if (sourceId.equals(targetId)) {
                int n = sourceOrder.size() + 1;
                int position = checkedPosition(targetPosition, n);
                sourceOrder.add(Math.min(position, n) - 1, moved.id());
                if (renumber(c, sourceId, sourceOrder, now) > 0) {
                    touch(c, sourceId, now);
                }
            } else {
                List<String> targetOrder = orderedTrackIds(c, targetId);
                int position = checkedPosition(targetPosition, targetOrder.size());
                targetOrder.add(position - 1, moved.id());
                try (PreparedStatement ps = c.prepareStatement("UPDATE tracks SET playlist_id = ?, track_number = "
                        + "(SELECT COALESCE(MAX(track_number), 0) + 1 FROM tracks WHERE playlist_id = ?), updated_at = ? "
                        + "WHERE id = ?")) {
                    ps.setString(1, targetId);
                    ps.setString(2, targetId);
                    ps.setString(3, now);
                    ps.setString(4, moved.id());
                    ps.executeUpdate();
                }
                renumber(c, sourceId, sourceOrder, now);
                renumber(c, targetId, targetOrder, now);
                touch(c, sourceId, now);
                touch(c, targetId, now);
            }
            Playlist source = load(c, sourceId).orElseThrow();
            Playlist target = load(c, targetId).orElseThrow();
            Track track = target.tracks().stream().filter(t -> t.id().equals(moved.id())).findFirst().orElseThrow();
            return Optional.of(new TrackMove(source, target, track));
        });
    }

    /** Position 1..n+1 in a playlist of n tracks, n+1 (append) when null. */
    private static int checkedPosition(Integer position, int n) {
        if (position == null) {
            return n + 1;
        }
        if (position < 1 || position > n + 1) {
            throw new IllegalArgumentException("target position must be within 1.." + (n + 1) + ": " + position);
        }
        return position;
    }

    @Override
    public Optional<Track> addTrack(String playlistId, NewTrack track) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(track.title(), "title");
        Objects.requireNonNull(track.filename(), "filename");
        Objects.requireNonNull(track.filePath(), "filePath");
        String filePath = stored(track.filePath());
        return db.inTransaction(c -> {
            if (!exists(c, playlistId)) {
                return Optional.empty();
            }
            String id = UUID.randomUUID().toString();
            String now = Instant.now().toString();
            int number;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(MAX(track_number), 0) + 1 FROM tracks WHERE playlist_id = ?")) {
                ps.setString(1, playlistId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    number = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tracks (id, playlist_id, track_number, title, "
                    + "filename, file_path, duration_ms, artist, album, file_size, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, playlistId);
                ps.setInt(3, number);
                ps.setString(4, track.title());
                ps.setString(5, track.filename());
                ps.setString(6, filePath);
                ps.setLong(7, track.durationMs());
                ps.setString(8, track.artist());
                ps.setString(9, track.album());
                ps.setLong(10, track.fileSize());
                ps.setString(11, now);
                ps.setString(12, now);
                ps.executeUpdate();
            }
            touch(c, playlistId, now);
            return Optional.of(new Track(id, playlistId, number, track.title(), track.filename(), filePath,
                    track.durationMs(), track.artist(), track.album(), track.fileSize(), now, now));
        });
    }

    @Override
    public Optional<PlaylistLite> playlistForTag(String tagId) {
        Objects.requireNonNull(tagId, "tagId");
        Optional<String> id = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM playlists WHERE nfc_tag_id = ?")) {
                ps.setString(1, tagId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        return id.flatMap(this::playlist).map(Playlist::lite);
    }

    @Override
    public Optional<Playlist> linkTag(String playlistId, String tagId) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(tagId, "tagId");
        return db.inTransaction(c -> {
            if (!exists(c, playlistId)) {
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
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE playlists SET nfc_tag_id = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, tagId);
                ps.setString(2, now);
                ps.setString(3, playlistId);
                ps.executeUpdate();
            }
            return load(c, playlistId);
        });
    }

    @Override
    public Optional<Playlist> unlinkTag(String tagId) {
        Objects.requireNonNull(tagId, "tagId");
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
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE playlists SET nfc_tag_id = NULL, updated_at = ? WHERE id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setString(2, owner);
                ps.executeUpdate();
            }
            return load(c, owner);
        });
    }

    @Override
    public Path mediaDir() {
        return db.mediaDir();
    }

    @Override
    public boolean healthy() {
        return db.ping();
    }

    // --- renumbering -------------------------------------------------------------------------------

    /**
     * Gives the playlist's tracks the numbers 1..n in {@code order}, which must list each of its tracks
     * once. SQLite checks UNIQUE(playlist_id, track_number) row by row and cannot defer it, so the tracks
     * whose number changes are first parked above the playlist's highest number, then set. Returns how
     * many tracks changed number.
     */
    private static int renumber(Connection c, String playlistId, List<String> order, String now) throws SQLException {
        Map<String, Integer> current = new LinkedHashMap<>();
        int highest = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, track_number FROM tracks WHERE playlist_id = ?")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.put(rs.getString(1), rs.getInt(2));
                    highest = Math.max(highest, rs.getInt(2));
                }
            }
        }
        if (current.size() != order.size() || !current.keySet().containsAll(order)) {
            throw new IllegalStateException("renumbering order does not match the tracks of playlist " + playlistId);
        }
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (current.get(order.get(i)) != i + 1) {
                changed.add(order.get(i));
            }
        }
        if (changed.isEmpty()) {
            return 0;
        }
        try (PreparedStatement park = c.prepareStatement("UPDATE tracks SET track_number = track_number + ? WHERE id = ?")) {
            for (String id : changed) {
                park.setInt(1, highest);
                park.setString(2, id);
                park.addBatch();
            }
            park.executeBatch();
        }
        try (PreparedStatement set = c.prepareStatement("UPDATE tracks SET track_number = ?, updated_at = ? WHERE id = ?")) {
            for (int i = 0; i < order.size(); i++) {
                String id = order.get(i);
                if (current.get(id) != i + 1) {
                    set.setInt(1, i + 1);
                    set.setString(2, now);
                    set.setString(3, id);
                    set.addBatch();
                }
            }
            set.executeBatch();
        }
        return changed.size();
    }

    // --- queries -----------------------------------------------------------------------------------

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM playlists");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM playlists WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Playlist> load(Connection c, String id) throws SQLException {
        PlaylistRow row;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PLAYLIST_COLUMNS + " FROM playlists p WHERE p.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = playlistRow(rs);
            }
        }
        List<Track> tracks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + TRACK_COLUMNS + " FROM tracks t WHERE t.playlist_id = ? ORDER BY t.track_number")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tracks.add(track(rs));
                }
            }
        }
        return Optional.of(row.with(tracks));
    }

    private static List<String> orderedTrackIds(Connection c, String playlistId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM tracks WHERE playlist_id = ? ORDER BY track_number")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static Map<Integer, TrackFile> trackFilesByNumber(Connection c, String playlistId) throws SQLException {
        Map<Integer, TrackFile> byNumber = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, track_number, file_path FROM tracks WHERE playlist_id = ? ORDER BY track_number")) {
            ps.setString(1, playlistId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byNumber.put(rs.getInt(2), new TrackFile(rs.getString(1), rs.getString(3)));
                }
            }
        }
        return byNumber;
    }

    /** The paths that no remaining track refers to: only those files may go. */
    private static List<String> unreferenced(Connection c, List<String> paths) throws SQLException {
        List<String> free = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tracks WHERE file_path = ? LIMIT 1")) {
            for (String path : new LinkedHashSet<>(paths)) {
                ps.setString(1, path);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        free.add(path);
                    }
                }
            }
        }
        return free;
    }

    private static void touch(Connection c, String playlistId, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE playlists SET updated_at = ? WHERE id = ?")) {
            ps.setString(1, now);
            ps.setString(2, playlistId);
            ps.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static PlaylistRow playlistRow(ResultSet rs) throws SQLException {
        return new PlaylistRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    private static Track track(ResultSet rs) throws SQLException {
        return new Track(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getLong(10), rs.getString(11),
                rs.getString(12));
    }

    // --- audio files -------------------------------------------------------------------------------

    /** Deletes the files (a file already gone is fine); returns the directories they were in. */
    private Set<Path> deleteFiles(List<String> filePaths) {
        Set<Path> directories = new LinkedHashSet<>();
        for (String filePath : filePaths) {
            Path file = underMediaDir(filePath);
            if (file == null) {
                log.warn("Not deleting {}: it is not under {}", filePath, db.mediaDir());
                continue;
            }
            try {
                Files.deleteIfExists(file);
                directories.add(file.getParent());
            } catch (IOException e) {
                log.warn("Cannot delete audio file {}: {}", file, e.toString());
            }
        }
        return directories;
    }

    /** Removes a playlist's directory and its empty parents once they are empty, up to the media directory. */
    private void deleteEmptyDirectories(Path directory) {
        Path media = db.mediaDir();
        for (Path dir = directory; dir != null && dir.startsWith(media) && !dir.equals(media); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // already gone: try its parent
            } catch (IOException e) {
                log.warn("Cannot remove directory {}: {}", dir, e.toString());
                return;
            }
        }
    }

    /** The file as an absolute path strictly inside the media directory, or null when it is elsewhere. */
    private Path underMediaDir(String filePath) {
        Path media = db.mediaDir();
        try {
            Path file = Path.of(filePath);
            Path absolute = (file.isAbsolute() ? file : media.resolve(file)).toAbsolutePath().normalize();
            return absolute.startsWith(media) && !absolute.equals(media) ? absolute : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private record PlaylistRow(String id, String title, String description, String nfcTagId, String createdAt,
                               String updatedAt) {

        Playlist with(List<Track> tracks) {
            long duration = tracks.stream().mapToLong(Track::durationMs).sum();
            return new Playlist(id, title, description, nfcTagId, tracks, tracks.size(), duration, createdAt, updatedAt);
        }
    }

    private record TrackFile(String id, String filePath) {
    }

    private record Outcome(Playlist playlist, List<String> files) {
    }
}
