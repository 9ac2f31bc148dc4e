package org.openmusicbox.edge.library.sqlite;

import static org.openmusicbox.edge.library.sqlite.StampedRows.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.CloudApplied;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page of the cloud's change log applied to the library in one transaction. First every change meets the
 * field's stamp in {@code field_stamps} (the higher {@link Stamp} wins, as in the model's {@code Replica}); then
 * every playlist a winning change touched is rebuilt from {@code field_stamps} by the model's view: shown when
 * not deleted or when it has a live track (a playlist only a track names gets an untitled row), its live tracks
 * in its {@code order} and then by the stamp of their {@code playlist_id} and id, numbered 1..n, and its tag the
 * newest one linked to it. Nothing is written to the outbox: these changes are the cloud's, not the box's.
 */
final class ChangesFromCloud {

    private static final Logger log = LoggerFactory.getLogger(ChangesFromCloud.class);
    /** Above any real track number: where a track waits for its number while rows move between playlists. */
    private static final int PARKED = 1_000_000_000;
    /** The row's file is none yet or the media cache's; the parameter is the new media's file name. */
    private static final String CACHED =
            "? IS NOT NULL AND (file_path = '' OR (sha256 IS NOT NULL AND file_path LIKE sha256 || '.%'))";

    private final Database db;
    private final SyncLog syncLog;

    ChangesFromCloud(Database db, SyncLog syncLog) {
        this.db = db;
        this.syncLog = syncLog;
    }

    long cursor() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cloud_cursor FROM sync_state WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The outcome, and the files of deleted tracks the box uploaded itself that nothing uses any more. */
    record Outcome(CloudApplied applied, List<String> freedFiles) {}

    Outcome apply(long lastSeq, List<FieldChange> changes) {
        if (lastSeq < 0) {
            throw new IllegalArgumentException("a log seq is never negative, was " + lastSeq);
        }
        return db.inTransaction(c -> {
            Set<String> playlists = new TreeSet<>();
            Set<String> tags = new TreeSet<>();
            for (FieldChange change : changes) {
                merge(c, change, playlists, tags);
            }
            for (String tag : tags) {
                String holder = holderOf(c, tag);
                if (holder != null) {
                    playlists.add(holder);
                }
            }
            Outcome outcome = rebuild(c, playlists);
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE sync_state SET cloud_cursor = MAX(cloud_cursor, ?) WHERE id = 1")) {
                ps.setLong(1, lastSeq);
                ps.executeUpdate();
            }
            return outcome;
        });
    }

    /** One change against its field's stamp; a winner is stored and names the playlists it touches. */
    private void merge(Connection c, FieldChange change, Set<String> playlists, Set<String> tags) throws SQLException {
        Object value;
        try {
            value = Fields.check(change.entity(), change.field(), change.value());
        } catch (IllegalArgumentException e) {
            // The cloud checked it already; one unusable entry must not stop the box's log for ever.
            log.warn("Skipped a change from the cloud that does not fit its field: {} ({})", change, e.getMessage());
            return;
        }
        syncLog.received(c, change.stamp().hlc());
        String entity = SyncLog.name(change.entity());
        Stored current = stored(c, entity, change.entityId(), change.field());
        if (current != null && !change.stamp().isAfter(current.stamp())) {
            if (current.stamp().equals(change.stamp())
                    && current.json() != null
                    && !Objects.equals(ChangeValues.decode(change.entity(), change.field(), current.json()), value)) {
                log.warn("Refused {}: the field already holds another value under this very stamp", change);
            }
            return;
        }
        switch (change.entity()) {
            case PLAYLIST:
                playlists.add(change.entityId());
                break;
            case TRACK:
                String row = rowPlaylistOf(c, change.entityId());
                if (row != null) {
                    playlists.add(row);
                }
                Object before = value(c, Entity.TRACK, change.entityId(), Fields.PLAYLIST_ID);
                if (before != null) {
                    playlists.add((String) before);
                }
                if (Fields.PLAYLIST_ID.equals(change.field()) && value != null) {
                    playlists.add((String) value);
                }
                break;
            case TAG:
                tags.add(change.entityId());
                if (value != null) {
                    playlists.add((String) value);
                }
                break;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO field_stamps (entity, entity_id, field, hlc, origin, value) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc, "
                        + "origin = excluded.origin, value = excluded.value")) {
            ps.setString(1, entity);
            ps.setString(2, change.entityId());
            ps.setString(3, change.field());
            ps.setLong(4, change.stamp().hlc());
            ps.setString(5, change.stamp().origin());
            ps.setString(6, ChangeValues.encode(value));
            ps.executeUpdate();
        }
    }

    /** What a playlist should show after the page, from {@code field_stamps} alone. */
    private record Target(boolean shown, String title, String description, List<String> tracks, String tag) {}

    private Outcome rebuild(Connection c, Set<String> playlists) throws SQLException {
        String now = Instant.now().toString();
        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, List<String>> before = new HashMap<>();
        Map<String, Map<String, Integer>> numbersBefore = new HashMap<>();
        Set<String> existed = new HashSet<>();
        for (String id : playlists) {
            targets.put(id, target(c, id));
            if (Queries.exists(c, id)) {
                existed.add(id);
            }
            Map<String, Integer> numbers = new LinkedHashMap<>();
            Queries.trackFilesByNumber(c, id).forEach((n, t) -> numbers.put(t.id(), n));
            numbersBefore.put(id, numbers);
            before.put(id, Queries.orderedTrackIds(c, id));
        }
        // Every tag that may move leaves its playlist first: the column is UNIQUE.
        for (String id : playlists) {
            Queries.execute(c, "UPDATE playlists SET nfc_tag_id = NULL WHERE id = ?", id);
        }
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            if (e.getValue().shown()) {
                upsertPlaylist(c, e.getKey(), e.getValue(), now);
            }
        }
        int parked = PARKED;
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            for (String track : e.getValue().tracks()) {
                upsertTrack(c, track, e.getKey(), parked++, now);
            }
        }
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            Set<String> keep = new HashSet<>(e.getValue().tracks());
            for (Map.Entry<Integer, Rows.TrackFile> row :
                    Queries.trackFilesByNumber(c, e.getKey()).entrySet()) {
                if (!keep.contains(row.getValue().id())) {
                    String ownFile =
                            ownFile(c, row.getValue().id(), row.getValue().filePath());
                    if (ownFile != null) {
                        paths.add(ownFile);
                    }
                    Queries.execute(
                            c, "DELETE FROM tracks WHERE id = ?", row.getValue().id());
                }
            }
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Map<String, List<String>> added = new LinkedHashMap<>();
        Map<String, List<Integer>> removed = new LinkedHashMap<>();
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            String id = e.getKey();
            Target target = e.getValue();
            if (!target.shown()) {
                if (existed.contains(id)) {
                    Queries.execute(c, "DELETE FROM playlists WHERE id = ?", id);
                    deleted.add(id);
                }
                continue;
            }
            if (Renumbering.renumber(c, id, target.tracks(), now) > 0) {
                Queries.touch(c, id, now);
            }
            if (target.tag() != null) {
                try (PreparedStatement ps =
                                c.prepareStatement("UPDATE playlists SET nfc_tag_id = NULL WHERE " + "nfc_tag_id = ?");
                        PreparedStatement set =
                                c.prepareStatement("UPDATE playlists SET nfc_tag_id = ? WHERE id = ?")) {
                    ps.setString(1, target.tag());
                    ps.executeUpdate();
                    set.setString(1, target.tag());
                    set.setString(2, id);
                    set.executeUpdate();
                }
            }
            (existed.contains(id) ? updated : created).add(id);
            List<String> in = new ArrayList<>(target.tracks());
            in.removeAll(before.get(id));
            if (!in.isEmpty()) {
                added.put(id, in);
            }
            List<Integer> out = new ArrayList<>();
            Set<String> after = new HashSet<>(target.tracks());
            numbersBefore.get(id).forEach((track, number) -> {
                if (!after.contains(track)) {
                    out.add(number);
                }
            });
            if (!out.isEmpty()) {
                removed.put(id, out);
            }
        }
        return new Outcome(new CloudApplied(created, updated, deleted, added, removed), Queries.unreferenced(c, paths));
    }

    private Target target(Connection c, String id) throws SQLException {
        Map<String, Stored> fields = fields(c, "playlist", id);
        boolean deleted = Boolean.TRUE.equals(decode(Entity.PLAYLIST, Fields.DELETED, fields.get(Fields.DELETED)));
        // The playlist's live tracks with the stamp of their playlist_id, which orders those its order leaves out.
        Map<String, Stamp> live = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.entity_id, s.hlc, s.origin FROM field_stamps s "
                + "WHERE s.entity = 'track' AND s.field = 'playlist_id' AND s.value = ? AND NOT EXISTS ("
                + "SELECT 1 FROM field_stamps d WHERE d.entity = 'track' AND d.entity_id = s.entity_id "
                + "AND d.field = 'deleted' AND d.value = 'true')")) {
            ps.setString(1, ChangeValues.encode(id));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    live.put(rs.getString(1), new Stamp(rs.getLong(2), rs.getString(3)));
                }
            }
        }
        boolean shown = (!fields.isEmpty() && !deleted) || !live.isEmpty();
        List<String> tracks = new ArrayList<>();
        Stored orderField = fields.get(Fields.ORDER);
        Object order = decode(Entity.PLAYLIST, Fields.ORDER, orderField);
        if (order != null) {
            for (Object track : (List<?>) order) {
                // As in the model: an order made before the track (re)joined the playlist does not place it.
                if (live.containsKey(track)
                        && !tracks.contains(track)
                        && live.get(track).compareTo(orderField.stamp()) <= 0) {
                    tracks.add((String) track);
                }
            }
        }
        List<String> rest = new ArrayList<>(live.keySet());
        rest.removeAll(tracks);
        rest.sort(Comparator.comparing((String t) -> live.get(t)).thenComparing(t -> t));
        tracks.addAll(rest);
        String tag = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT entity_id FROM field_stamps WHERE entity = 'tag' "
                + "AND field = 'playlist_id' AND value = ? ORDER BY hlc DESC, origin DESC LIMIT 1")) {
            ps.setString(1, ChangeValues.encode(id));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    tag = rs.getString(1);
                }
            }
        }
        return new Target(
                shown,
                (String) decode(Entity.PLAYLIST, Fields.TITLE, fields.get(Fields.TITLE)),
                (String) decode(Entity.PLAYLIST, Fields.DESCRIPTION, fields.get(Fields.DESCRIPTION)),
                tracks,
                shown ? tag : null);
    }

    private static void upsertPlaylist(Connection c, String id, Target target, String now) throws SQLException {
        // A playlist only a track names yet is shown untitled, as the model's view shows it, until its title comes.
        String title = target.title() == null ? "" : target.title();
        if (!Queries.exists(c, id)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO playlists "
                    + "(id, title, description, nfc_tag_id, position, created_at, updated_at) "
                    + "VALUES (?, ?, ?, NULL, (SELECT COALESCE(MAX(position), 0) + 1 FROM playlists), ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, title);
                ps.setString(3, target.description());
                ps.setString(4, now);
                ps.setString(5, now);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE playlists SET title = ?, description = ?, "
                + "updated_at = ? WHERE id = ? AND (title IS NOT ? OR description IS NOT ?)")) {
            ps.setString(1, title);
            ps.setString(2, target.description());
            ps.setString(3, now);
            ps.setString(4, id);
            ps.setString(5, title);
            ps.setString(6, target.description());
            ps.executeUpdate();
        }
    }

    /**
     * The track's row as {@code field_stamps} says, in {@code playlistId} under a parked number (renumbered
     * after). A row the box made keeps its own file; a row from the cloud names the media cache's
     * {@code <sha256>.<ext>}, there or not yet.
     */
    private void upsertTrack(Connection c, String id, String playlistId, int parked, String now) throws SQLException {
        Map<String, Stored> fields = fields(c, "track", id);
        String title = (String) decode(Entity.TRACK, Fields.TITLE, fields.get(Fields.TITLE));
        String artist = (String) decode(Entity.TRACK, Fields.ARTIST, fields.get(Fields.ARTIST));
        String album = (String) decode(Entity.TRACK, Fields.ALBUM, fields.get(Fields.ALBUM));
        Long duration = (Long) decode(Entity.TRACK, Fields.DURATION_MS, fields.get(Fields.DURATION_MS));
        Media media = (Media) decode(Entity.TRACK, Fields.MEDIA, fields.get(Fields.MEDIA));
        String rowPlaylist = rowPlaylistOf(c, id);
        if (rowPlaylist == null) {
            String file = media == null ? "" : contentName(media);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tracks (id, playlist_id, track_number, "
                    + "title, filename, file_path, duration_ms, artist, album, file_size, created_at, updated_at, "
                    + "sha256, object_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, playlistId);
                ps.setInt(3, parked);
                ps.setString(4, title == null ? "" : title);
                ps.setString(5, file);
                ps.setString(6, file);
                ps.setLong(7, duration == null ? 0 : duration);
                ps.setString(8, artist);
                ps.setString(9, album);
                ps.setLong(10, media == null ? 0 : media.fileSize());
                ps.setString(11, now);
                ps.setString(12, now);
                ps.setString(13, media == null ? null : media.sha256());
                ps.setString(14, media == null ? null : media.objectKey());
                ps.executeUpdate();
            }
            return;
        }
        // A row that stays in its playlist keeps its number until the renumbering; one that moves in is parked.
        try (PreparedStatement ps = c.prepareStatement("UPDATE tracks SET "
                + "track_number = CASE WHEN playlist_id = ? THEN track_number ELSE ? END, playlist_id = ?, "
                + "title = ?, artist = ?, album = ?, duration_ms = ?, "
                + "sha256 = COALESCE(?, sha256), object_key = COALESCE(?, object_key), "
                // A file of the media cache follows the track's media; a file the box stored itself stays.
                + "file_path = CASE WHEN " + CACHED + " THEN ? ELSE file_path END, "
                + "filename = CASE WHEN " + CACHED + " THEN ? ELSE filename END, "
                + "file_size = CASE WHEN " + CACHED + " THEN ? ELSE file_size END, "
                + "updated_at = ? WHERE id = ?")) {
            String file = media == null ? null : contentName(media);
            int i = 0;
            ps.setString(++i, playlistId);
            ps.setInt(++i, parked);
            ps.setString(++i, playlistId);
            ps.setString(++i, title == null ? "" : title);
            ps.setString(++i, artist);
            ps.setString(++i, album);
            ps.setLong(++i, duration == null ? 0 : duration);
            ps.setString(++i, media == null ? null : media.sha256());
            ps.setString(++i, media == null ? null : media.objectKey());
            for (Object value : new Object[] {file, file, media == null ? null : media.fileSize()}) {
                ps.setString(++i, file);
                ps.setObject(++i, value);
            }
            ps.setString(++i, now);
            ps.setString(++i, id);
            ps.executeUpdate();
        }
    }
}
