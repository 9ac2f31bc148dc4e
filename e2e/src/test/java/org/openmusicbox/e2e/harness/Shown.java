package org.openmusicbox.e2e.harness;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a parent sees of one library, in a form both sides can be read into and compared field by field: the shown
 * playlists by id with their title, description and tracks in order, and which playlist each tag plays.
 */
public record Shown(Map<String, Playlist> playlists, Map<String, String> tags) {

    public Shown {
        playlists = new TreeMap<>(playlists);
        tags = new TreeMap<>(tags);
    }

    public record Playlist(String title, String description, List<Track> tracks) {
        public Playlist {
            tracks = List.copyOf(tracks);
        }

        public List<String> trackIds() {
            return tracks.stream().map(Track::id).toList();
        }
    }

    /** A shown track: its id, its place (1..n) and its title. */
    public record Track(String id, int number, String title) {}

    public Playlist playlist(String id) {
        return playlists.get(id);
    }
}
