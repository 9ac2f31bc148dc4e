package org.openmusicbox.protocol.v1.sync;

import java.util.List;
import java.util.Map;

/**
 * What a parent sees of a library: the live playlists by id, each with its live tracks in their shown order and
 * numbered 1..n, and what each tag plays. Derived from a replica's state alone, so two replicas with the same
 * state show the same thing. A field whose change has not arrived yet is null.
 */
public record View(List<PlaylistView> playlists, Map<String, String> tags) {

    public View {
        playlists = List.copyOf(playlists);
        tags = Map.copyOf(tags);
    }

    public record PlaylistView(String id, String title, String description, List<TrackView> tracks) {
        public PlaylistView {
            tracks = List.copyOf(tracks);
        }
    }

    public record TrackView(
            String id, int trackNumber, String title, String artist, String album, Long durationMs, Media media) {}
}
