package org.openmusicbox.edge.library.sqlite;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.AudioFiles;
import org.openmusicbox.edge.library.CloudApplied;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.FieldChange;

/**
 * The library on the box's SQLite file. Every write is one transaction of {@link Database#inTransaction};
 * audio files are deleted only after that transaction has committed, so a power cut can leave at worst an
 * orphan file, never a track without its file. The SQL lives in {@link SqlitePlaylists},
 * {@link SqliteTracks} and {@link SqliteTagLinks}, which never touch the card; this class deletes the
 * files they free through {@link AudioFiles}.
 */
public final class SqliteLibrary implements Library {

    private final Database db;
    private final AudioFiles files;
    private final SqlitePlaylists playlists;
    private final SqliteTracks tracks;
    private final SqliteTagLinks tags;
    private final ChangesFromCloud fromCloud;
    private final SqliteCovers covers;
    private final SqliteTagNames tagNames;

    /** Stamps its changes with the system clock. */
    public SqliteLibrary(Database database) {
        this(database, System::currentTimeMillis);
    }

    /**
     * Every write also records its field changes in the outbox ({@link SqliteOutbox}), in its own transaction,
     * stamped by the box's hybrid logical clock over {@code wallClockMillis}.
     */
    public SqliteLibrary(Database database, LongSupplier wallClockMillis) {
        this.db = Objects.requireNonNull(database, "database");
        Objects.requireNonNull(wallClockMillis, "wallClockMillis");
        this.files = new AudioFiles(db.mediaDir());
        SyncLog log = new SyncLog(wallClockMillis);
        this.playlists = new SqlitePlaylists(db, log);
        this.tracks = new SqliteTracks(db, log);
        this.tags = new SqliteTagLinks(db, log);
        this.fromCloud = new ChangesFromCloud(db, log);
        this.covers = new SqliteCovers(db);
        this.tagNames = new SqliteTagNames(db);
        RelativePaths.rewrite(db);
    }

    @Override
    public PlaylistPage page(int page, int limit) {
        return playlists.page(page, limit);
    }

    @Override
    public List<PlaylistLite> summaries() {
        return playlists.summaries();
    }

    @Override
    public Optional<Playlist> playlist(String id) {
        Objects.requireNonNull(id, "id");
        return playlists.playlist(id);
    }

    @Override
    public int count() {
        return playlists.count();
    }

    @Override
    public Playlist create(String title, String description) {
        Objects.requireNonNull(title, "title");
        return playlists.create(title, description);
    }

    @Override
    public Optional<Playlist> update(String id, String title, String description) {
        Objects.requireNonNull(id, "id");
        return playlists.update(id, title, description);
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        Optional<List<String>> freed = playlists.delete(id);
        freed.ifPresent(files::deleteWithEmptyDirectories);
        return freed.isPresent();
    }

    @Override
    public Optional<Playlist> reorder(String playlistId, List<String> trackIds) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(trackIds, "trackIds");
        return tracks.reorder(playlistId, trackIds);
    }

    @Override
    public Optional<Playlist> deleteTracks(String playlistId, List<Integer> trackNumbers) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(trackNumbers, "trackNumbers");
        Set<Integer> toDelete = new LinkedHashSet<>(trackNumbers);
        if (toDelete.contains(null)) {
            throw new IllegalArgumentException("track numbers must not contain null");
        }
        Optional<SqliteTracks.Deleted> deleted = tracks.delete(playlistId, toDelete);
        deleted.ifPresent(d -> files.delete(d.files()));
        return deleted.map(SqliteTracks.Deleted::playlist);
    }

    @Override
    public Optional<TrackMove> moveTrack(String sourceId, String targetId, int trackNumber, Integer targetPosition) {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
        return tracks.move(sourceId, targetId, trackNumber, targetPosition);
    }

    @Override
    public Optional<Track> addTrack(String playlistId, NewTrack track) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(track.title(), "title");
        Objects.requireNonNull(track.filename(), "filename");
        Objects.requireNonNull(track.filePath(), "filePath");
        return tracks.add(playlistId, track, files.stored(track.filePath()));
    }

    @Override
    public Optional<PlaylistLite> playlistForTag(String tagId) {
        Objects.requireNonNull(tagId, "tagId");
        return tags.playlistForTag(tagId);
    }

    @Override
    public Optional<Playlist> linkTag(String playlistId, String tagId) {
        Objects.requireNonNull(playlistId, "playlistId");
        Objects.requireNonNull(tagId, "tagId");
        return tags.linkTag(playlistId, tagId);
    }

    @Override
    public Optional<Playlist> unlinkTag(String tagId) {
        Objects.requireNonNull(tagId, "tagId");
        return tags.unlinkTag(tagId);
    }

    @Override
    public CloudApplied applyFromCloud(long lastSeq, List<FieldChange> changes) {
        Objects.requireNonNull(changes, "changes");
        ChangesFromCloud.Outcome outcome = fromCloud.apply(lastSeq, changes);
        files.delete(outcome.freedFiles());
        return outcome.applied();
    }

    @Override
    public boolean linkCover(String trackId, String file) {
        return covers.link(Objects.requireNonNull(trackId, "trackId"), files.stored(file));
    }

    @Override
    public Optional<String> trackCover(String trackId) {
        return covers.forTrack(Objects.requireNonNull(trackId, "trackId"));
    }

    @Override
    public Optional<String> playlistCover(String playlistId) {
        return covers.forPlaylist(Objects.requireNonNull(playlistId, "playlistId"));
    }

    @Override
    public List<LinkedTag> linkedTags() {
        return tagNames.linked();
    }

    @Override
    public void nameTag(String tagId, String name) {
        tagNames.name(Objects.requireNonNull(tagId, "tagId"), Objects.requireNonNull(name, "name"));
    }

    @Override
    public long cloudCursor() {
        return fromCloud.cursor();
    }

    @Override
    public Path mediaDir() {
        return db.mediaDir();
    }

    @Override
    public boolean healthy() {
        return db.ping();
    }
}
