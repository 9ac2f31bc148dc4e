package org.openmusicbox.protocol.v1.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One replica of the library, in memory: for every entity, every field's value and the stamp that set it
 * (docs/sync.md). {@link #apply} keeps, per field, the value with the higher {@link Stamp}; that is a join, so
 * replicas that have applied the same changes hold the same state whatever the order and however often each
 * change arrived. {@link #view()} derives what a parent sees from that state alone.
 *
 * <p>Local edits go through {@link #write} and {@link #deletePlaylist}, which stamp with this replica's {@link
 * Hlc} and return the changes to send to the other replicas. Not thread-safe: like the box's state it has one
 * writer.
 */
public final class Replica {

    /** A field's value and the stamp of the change that set it. */
    public record Versioned(Object value, Stamp stamp) {}

    private final String origin;
    private final Hlc hlc;
    private final Map<EntityKey, Map<String, Versioned>> state = new TreeMap<>();

    public Replica(String origin, Hlc hlc) {
        new Stamp(0, origin); // the same rule as a stamp's origin
        this.origin = origin;
        this.hlc = Objects.requireNonNull(hlc, "hlc");
    }

    public String origin() {
        return origin;
    }

    /** Sets one field here, stamped now; returns the change to send. */
    public FieldChange write(Entity entity, String entityId, String field, Object value) {
        Fields.check(entity, field, value);
        FieldChange change = new FieldChange(entity, entityId, field, value, stampNow(), newChangeId());
        apply(change);
        return change;
    }

    /**
     * Deletes a playlist here and, with the same stamp, unlinks the tags that play it and deletes every live track
     * this replica knows in it, so a track
     * added elsewhere meanwhile (which this replica cannot name) keeps the playlist shown. A track already
     * deleted here is left alone: restoring it elsewhere concurrently is like adding it.
     */
    public List<FieldChange> deletePlaylist(String playlistId) {
        Stamp stamp = stampNow();
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange(Entity.PLAYLIST, playlistId, Fields.DELETED, true, stamp, newChangeId()));
        for (Map.Entry<EntityKey, Map<String, Versioned>> e : state.entrySet()) {
            if (e.getKey().entity() == Entity.TRACK
                    && playlistId.equals(value(e.getValue(), Fields.PLAYLIST_ID))
                    && !isDeleted(e.getValue())) {
                changes.add(new FieldChange(Entity.TRACK, e.getKey().id(), Fields.DELETED, true, stamp, newChangeId()));
            }
            // A tag left pointing at a deleted playlist would start playing it again on a restore, on one side only
            // (the box forgets the link with the playlist's row).
            if (e.getKey().entity() == Entity.TAG && playlistId.equals(value(e.getValue(), Fields.PLAYLIST_ID))) {
                changes.add(
                        new FieldChange(Entity.TAG, e.getKey().id(), Fields.PLAYLIST_ID, null, stamp, newChangeId()));
            }
        }
        changes.forEach(this::apply);
        return List.copyOf(changes);
    }

    /**
     * Restores a playlist here and, with the same stamp, the tracks deleted with it: those whose {@code deleted}
     * carries the very stamp of the playlist's delete. A track deleted on its own, before or after, stays
     * deleted. Nothing but the playlist itself if it is not deleted here.
     */
    public List<FieldChange> restorePlaylist(String playlistId) {
        Stamp stamp = stampNow();
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange(Entity.PLAYLIST, playlistId, Fields.DELETED, false, stamp, newChangeId()));
        Map<String, Versioned> playlist = state.get(new EntityKey(Entity.PLAYLIST, playlistId));
        if (playlist != null && isDeleted(playlist)) {
            Stamp deletedAt = playlist.get(Fields.DELETED).stamp();
            for (Map.Entry<EntityKey, Map<String, Versioned>> e : state.entrySet()) {
                Versioned deleted = e.getValue().get(Fields.DELETED);
                if (e.getKey().entity() == Entity.TRACK
                        && playlistId.equals(value(e.getValue(), Fields.PLAYLIST_ID))
                        && deleted != null
                        && Boolean.TRUE.equals(deleted.value())
                        && deleted.stamp().equals(deletedAt)) {
                    changes.add(new FieldChange(
                            Entity.TRACK, e.getKey().id(), Fields.DELETED, false, stamp, newChangeId()));
                }
            }
        }
        changes.forEach(this::apply);
        return List.copyOf(changes);
    }

    /**
     * Merges one change: the field takes the change's value if its stamp is higher than the field's. Returns
     * whether anything changed; a duplicate or an older stamp changes nothing. A change whose field or value
     * does not fit its entity is an {@link IllegalArgumentException}, a stamp too far ahead of the wall clock a
     * {@link ClockSkewException}; neither changes anything.
     */
    public boolean apply(FieldChange change) {
        Object value = Fields.check(change.entity(), change.field(), change.value());
        hlc.receive(change.stamp().hlc());
        Map<String, Versioned> fields = state.get(change.key());
        Versioned current = fields == null ? null : fields.get(change.field());
        if (current != null && !change.stamp().isAfter(current.stamp())) {
            if (current.stamp().equals(change.stamp()) && !Objects.equals(current.value(), value)) {
                // Two values under one stamp: a replica handed out a stamp twice (a restored box writing
                // before it caught up on its log). Keeping either would leave the replicas apart for ever.
                throw new IllegalStateException("stamp " + change.stamp() + " already set " + change.key() + "."
                        + change.field() + " to " + current.value() + ", refusing " + value);
            }
            return false;
        }
        state.computeIfAbsent(change.key(), k -> new TreeMap<>())
                .put(change.field(), new Versioned(value, change.stamp()));
        return true;
    }

    /** Every entity's fields, each with its value and stamp; a copy. */
    public Map<EntityKey, Map<String, Versioned>> state() {
        Map<EntityKey, Map<String, Versioned>> copy = new TreeMap<>();
        state.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /** The field's winning value, or null if no change for it has arrived. */
    public Object value(EntityKey key, String field) {
        Map<String, Versioned> fields = state.get(key);
        return fields == null ? null : value(fields, field);
    }

    /**
     * What a parent sees. A track is live if it is not deleted; a playlist is shown if it is not deleted or if
     * it has a live track. Its tracks are its {@code order} filtered to its live tracks that joined it no later than the order was
     * made, then its live tracks the order does not name (or names from before they joined), by the stamp of their {@code playlist_id} and then id. A tag plays its playlist
     * only while that playlist is shown.
     */
    public View view() {
        Map<String, List<EntityKey>> liveTracks = new HashMap<>();
        Set<String> shown = new TreeSet<>();
        Map<String, String> tags = new TreeMap<>();
        for (Map.Entry<EntityKey, Map<String, Versioned>> e : state.entrySet()) {
            Map<String, Versioned> fields = e.getValue();
            switch (e.getKey().entity()) {
                case TRACK:
                    Object playlist = value(fields, Fields.PLAYLIST_ID);
                    if (playlist != null && !isDeleted(fields)) {
                        liveTracks
                                .computeIfAbsent((String) playlist, p -> new ArrayList<>())
                                .add(e.getKey());
                        shown.add((String) playlist);
                    }
                    break;
                case PLAYLIST:
                    if (!isDeleted(fields)) {
                        shown.add(e.getKey().id());
                    }
                    break;
                case TAG:
                    break;
            }
        }
        for (Map.Entry<EntityKey, Map<String, Versioned>> e : state.entrySet()) {
            if (e.getKey().entity() == Entity.TAG) {
                Object playlist = value(e.getValue(), Fields.PLAYLIST_ID);
                if (playlist != null && shown.contains(playlist)) {
                    tags.put(e.getKey().id(), (String) playlist);
                }
            }
        }
        List<View.PlaylistView> playlists = new ArrayList<>();
        for (String id : shown) {
            EntityKey key = new EntityKey(Entity.PLAYLIST, id);
            playlists.add(new View.PlaylistView(
                    id,
                    (String) value(key, Fields.TITLE),
                    (String) value(key, Fields.DESCRIPTION),
                    tracksOf(key, liveTracks.getOrDefault(id, List.of()))));
        }
        return new View(playlists, tags);
    }

    private List<View.TrackView> tracksOf(EntityKey playlist, List<EntityKey> live) {
        Set<String> liveIds = new LinkedHashSet<>();
        live.forEach(k -> liveIds.add(k.id()));
        List<String> shownOrder = new ArrayList<>();
        Versioned order = state.getOrDefault(playlist, Map.of()).get(Fields.ORDER);
        if (order != null && order.value() != null) {
            for (Object id : (List<?>) order.value()) {
                // An order older than the track's arrival in the playlist was made without it (it left and came
                // back since): the track comes after the ordered ones, as a new one does.
                if (liveIds.contains(id)
                        && !shownOrder.contains(id)
                        && state.get(new EntityKey(Entity.TRACK, (String) id))
                                        .get(Fields.PLAYLIST_ID)
                                        .stamp()
                                        .compareTo(order.stamp())
                                <= 0) {
                    shownOrder.add((String) id);
                }
            }
        }
        List<EntityKey> rest = new ArrayList<>();
        for (EntityKey track : live) {
            if (!shownOrder.contains(track.id())) {
                rest.add(track);
            }
        }
        rest.sort(Comparator.comparing(
                        (EntityKey k) -> state.get(k).get(Fields.PLAYLIST_ID).stamp())
                .thenComparing(EntityKey::id));
        rest.forEach(k -> shownOrder.add(k.id()));
        List<View.TrackView> tracks = new ArrayList<>();
        for (String id : shownOrder) {
            EntityKey key = new EntityKey(Entity.TRACK, id);
            tracks.add(new View.TrackView(
                    id,
                    tracks.size() + 1,
                    (String) value(key, Fields.TITLE),
                    (String) value(key, Fields.ARTIST),
                    (String) value(key, Fields.ALBUM),
                    (Long) value(key, Fields.DURATION_MS),
                    (Media) value(key, Fields.MEDIA)));
        }
        return tracks;
    }

    private Stamp stampNow() {
        return new Stamp(hlc.now(), origin);
    }

    private static String newChangeId() {
        return UUID.randomUUID().toString();
    }

    private static Object value(Map<String, Versioned> fields, String field) {
        Versioned v = fields.get(field);
        return v == null ? null : v.value();
    }

    private static boolean isDeleted(Map<String, Versioned> fields) {
        return Boolean.TRUE.equals(value(fields, Fields.DELETED));
    }
}
