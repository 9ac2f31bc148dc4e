package org.openmusicbox.edge.library.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.Library.TrackMove;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;

/** The tracks table: adding, reordering, moving and deleting a playlist's tracks, numbers kept dense. */
final class SqliteTracks {

    private final Database db;
    private final SyncLog log;

    SqliteTracks(Database db, SyncLog log) {
        this.db = db;
        this.log = log;
    }

    Optional<Playlist> reorder(String playlistId, List<String> trackIds) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, playlistId)) {
                return Optional.empty();
            }
            List<String> current = Queries.orderedTrackIds(c, playlistId);
            // same size and naming every track: a permutation, so no duplicates and no strangers
            if (trackIds.size() != current.size() || !new HashSet<>(trackIds).containsAll(current)) {
                throw new IllegalArgumentException("the order must name each of the playlist's " + current.size()
                        + " tracks exactly once; got " + trackIds.size() + " ids");
            }
            String now = Instant.now().toString();
            if (Renumbering.renumber(c, playlistId, trackIds, now) > 0) {
                Queries.touch(c, playlistId, now);
            }
            List<Change> changes = new ArrayList<>();
            order(changes, playlistId, current, trackIds);
            log.record(c, changes);
            return Queries.load(c, playlistId);
        });
    }

    /**
     * Deletes the tracks in one transaction and renumbers the rest. The outcome names the file paths no
     * remaining track refers to, for the caller to delete once this has committed; empty when the
     * playlist is unknown.
     */
    Optional<Deleted> delete(String playlistId, Set<Integer> toDelete) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, playlistId)) {
                return Optional.empty();
            }
            Map<Integer, Rows.TrackFile> byNumber = Queries.trackFilesByNumber(c, playlistId);
            Set<Integer> unknown = new TreeSet<>(toDelete);
            unknown.removeAll(byNumber.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("playlist " + playlistId + " has no track number " + unknown);
            }
            if (toDelete.isEmpty()) {
                return Optional.of(new Deleted(Queries.load(c, playlistId).orElseThrow(), List.of()));
            }
            List<String> paths = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            List<String> before = Queries.orderedTrackIds(c, playlistId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tracks WHERE id = ?")) {
                for (Integer number : toDelete) {
                    Rows.TrackFile track = byNumber.get(number);
                    changes.add(new Change(Entity.TRACK, track.id(), Fields.DELETED, true));
                    paths.add(track.filePath());
                    ps.setString(1, track.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            String now = Instant.now().toString();
            List<String> after = Queries.orderedTrackIds(c, playlistId);
            Renumbering.renumber(c, playlistId, after, now);
            Queries.touch(c, playlistId, now);
            // No order: the view leaves deleted tracks out of it, and a new one would undo a concurrent reorder.
            log.record(c, changes);
            Playlist left = Queries.load(c, playlistId).orElseThrow();
            Queries.dropIfOnlyTracksKeptIt(c, playlistId);
            return Optional.of(new Deleted(left, Queries.unreferenced(c, paths)));
        });
    }

    Optional<TrackMove> move(String sourceId, String targetId, int trackNumber, Integer targetPosition) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, sourceId) || !Queries.exists(c, targetId)) {
                return Optional.empty();
            }
            Rows.TrackFile moved = Queries.trackFilesByNumber(c, sourceId).get(trackNumber);
            if (moved == null) {
                throw new IllegalArgumentException("playlist " + sourceId + " has no track number " + trackNumber);
            }
            String now = Instant.now().toString();
            List<String> sourceBefore = Queries.orderedTrackIds(c, sourceId);
            List<String> sourceOrder = new ArrayList<>(sourceBefore);
            sourceOrder.remove(moved.id());
            List<Change> changes = new ArrayList<>();
            if (sourceId.equals(targetId)) {
                int n = sourceOrder.size() + 1;
                int position = checkedPosition(targetPosition, n);
                sourceOrder.add(Math.min(position, n) - 1, moved.id());
                if (Renumbering.renumber(c, sourceId, sourceOrder, now) > 0) {
                    Queries.touch(c, sourceId, now);
                }
                order(changes, sourceId, sourceBefore, sourceOrder);
            } else {
                List<String> targetBefore = Queries.orderedTrackIds(c, targetId);
                checkRoom(targetId, targetBefore.size());
                List<String> targetOrder = new ArrayList<>(targetBefore);
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
                Renumbering.renumber(c, sourceId, sourceOrder, now);
                Renumbering.renumber(c, targetId, targetOrder, now);
                Queries.touch(c, sourceId, now);
                Queries.touch(c, targetId, now);
                changes.add(new Change(Entity.TRACK, moved.id(), Fields.PLAYLIST_ID, targetId));
                // The source's order still names the track, but the view shows a playlist's order filtered to the
                // tracks that are in it; a track landing at the end needs no order either (the view appends
                // tracks the order does not name, by the stamp of their playlist_id).
                List<String> appended = new ArrayList<>(targetBefore);
                appended.add(moved.id());
                if (!targetOrder.equals(appended)) {
                    order(changes, targetId, targetBefore, targetOrder);
                }
            }
            log.record(c, changes);
            Playlist source = Queries.load(c, sourceId).orElseThrow();
            Playlist target = Queries.load(c, targetId).orElseThrow();
            Queries.dropIfOnlyTracksKeptIt(c, sourceId);
            Track track = target.tracks().stream()
                    .filter(t -> t.id().equals(moved.id()))
                    .findFirst()
                    .orElseThrow();
            return Optional.of(new TrackMove(source, target, track));
        });
    }

    /**
     * A playlist's order travels to the cloud as one field within the message size budget (docs/mqtt.md, Sizes), so
     * a playlist holds at most {@link SyncChange#MAX_ORDER} tracks, on the box as in the cloud.
     */
    static void checkRoom(String playlistId, int tracks) {
        if (tracks >= SyncChange.MAX_ORDER) {
            throw new IllegalArgumentException("playlist " + playlistId + " is full: a playlist holds at most "
                    + SyncChange.MAX_ORDER + " tracks");
        }
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

    /** Appends the track with {@code filePath} as it is to be stored (relative to the media directory). */
    Optional<Track> add(String playlistId, NewTrack track, String filePath) {
        return db.inTransaction(c -> {
            if (!Queries.exists(c, playlistId)) {
                return Optional.empty();
            }
            String id = UUID.randomUUID().toString();
            String now = Instant.now().toString();
            int number;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COALESCE(MAX(track_number), 0) + 1 FROM tracks WHERE playlist_id = ?")) {
                ps.setString(1, playlistId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    number = rs.getInt(1);
                }
            }
            checkRoom(playlistId, number - 1);
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
            Queries.touch(c, playlistId, now);
            log.record(c, added(id, playlistId, track));
            PendingUploadRows.record(c, track, filePath, now);
            return Optional.of(new Track(
                    id,
                    playlistId,
                    number,
                    track.title(),
                    track.filename(),
                    filePath,
                    track.durationMs(),
                    track.artist(),
                    track.album(),
                    track.fileSize(),
                    now,
                    now));
        });
    }

    /**
     * A new track's fields. No {@code media}: that names the file in
     * the cloud's store, which a track added on the box has not reached yet. Unknown artist and album are simply
     * not set, as a replica reads a field never set as null.
     */
    private static List<Change> added(String id, String playlistId, NewTrack track) {
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(Entity.TRACK, id, Fields.PLAYLIST_ID, playlistId));
        changes.add(new Change(Entity.TRACK, id, Fields.TITLE, track.title()));
        if (track.artist() != null) {
            changes.add(new Change(Entity.TRACK, id, Fields.ARTIST, track.artist()));
        }
        if (track.album() != null) {
            changes.add(new Change(Entity.TRACK, id, Fields.ALBUM, track.album()));
        }
        changes.add(new Change(Entity.TRACK, id, Fields.DURATION_MS, track.durationMs()));
        // No order: a new track comes last, which is where the view puts a track its order does not name.
        return changes;
    }

    /**
     * The playlist's {@code order} when the parent arranged its tracks: recorded only then, since every order
     * recorded as a side effect of another write would undo a reorder made meanwhile on the other side.
     */
    private static void order(List<Change> changes, String playlistId, List<String> before, List<String> after) {
        if (!before.equals(after)) {
            changes.add(new Change(Entity.PLAYLIST, playlistId, Fields.ORDER, List.copyOf(after)));
        }
    }

    /** The playlist after a delete, and the files that are no longer any track's. */
    record Deleted(Playlist playlist, List<String> files) {}
}
