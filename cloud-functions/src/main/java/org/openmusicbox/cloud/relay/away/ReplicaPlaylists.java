package org.openmusicbox.cloud.relay.away;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.EntityKey;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * The cloud's copy of a box's library in the shapes of the box's own API ({@link Playlist}, {@link Track}), so the
 * page reads it as it reads the box.
 *
 * <ul>
 *   <li>Playlists come in the order they were made, as on the box: by the oldest stamp among their fields, then
 *       id. {@code created_at} and {@code updated_at} are the times of the oldest and newest of those stamps.</li>
 *   <li>The cloud does not know where a file lies on the box's card, so {@code filename} and {@code file_path}
 *       are null, nor whether the box holds it yet, so {@code available} is left as the box writes it most.</li>
 *   <li>A playlist whose title has not arrived (a track names it first) has an empty title.</li>
 * </ul>
 */
final class ReplicaPlaylists {

    private final List<Playlist> playlists;

    ReplicaPlaylists(View view, Map<EntityKey, Map<String, Replica.Versioned>> state) {
        List<Shown> shown = new ArrayList<>();
        for (View.PlaylistView p : view.playlists()) {
            Map<String, Replica.Versioned> fields =
                    state.getOrDefault(new EntityKey(Entity.PLAYLIST, p.id()), Map.of());
            long first = fields.values().stream()
                    .mapToLong(v -> v.stamp().hlc())
                    .min()
                    .orElse(0);
            long last = fields.values().stream()
                    .mapToLong(v -> v.stamp().hlc())
                    .max()
                    .orElse(0);
            for (View.TrackView t : p.tracks()) {
                Map<String, Replica.Versioned> trackFields =
                        state.getOrDefault(new EntityKey(Entity.TRACK, t.id()), Map.of());
                long newest = trackFields.values().stream()
                        .mapToLong(v -> v.stamp().hlc())
                        .max()
                        .orElse(0);
                last = Math.max(last, newest);
            }
            shown.add(new Shown(playlist(p, tagOf(view.tags(), p.id()), first, last), first));
        }
        shown.sort(Comparator.comparingLong(Shown::first)
                .thenComparing(s -> s.playlist().id()));
        this.playlists = shown.stream().map(Shown::playlist).toList();
    }

    List<Playlist> all() {
        return playlists;
    }

    Optional<Playlist> one(String id) {
        return playlists.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static Playlist playlist(View.PlaylistView p, String tag, long first, long last) {
        List<Track> tracks = new ArrayList<>();
        long total = 0;
        for (View.TrackView t : p.tracks()) {
            long duration = t.durationMs() == null ? 0 : t.durationMs();
            total += duration;
            tracks.add(new Track(
                    t.id(),
                    p.id(),
                    t.trackNumber(),
                    t.title() == null ? "" : t.title(),
                    null,
                    null,
                    duration,
                    t.artist(),
                    t.album(),
                    t.media() == null ? 0 : t.media().fileSize(),
                    null,
                    null));
        }
        return new Playlist(
                p.id(),
                p.title() == null ? "" : p.title(),
                p.description() == null ? "" : p.description(),
                tag,
                tracks,
                tracks.size(),
                total,
                time(first),
                time(last));
    }

    /** The tag that plays this playlist; when several do, the first by id, as the box keeps one per playlist. */
    private static String tagOf(Map<String, String> tags, String playlistId) {
        return tags.entrySet().stream()
                .filter(e -> playlistId.equals(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse(null);
    }

    private static String time(long hlc) {
        return hlc == 0 ? null : Instant.ofEpochMilli(Hlc.physical(hlc)).toString();
    }

    private record Shown(Playlist playlist, long first) {}
}
