package org.openmusicbox.cloud.store;

import java.util.List;

/** One playlist with its tracks in order ({@code track_number}, then id). */
public record PlaylistDetails(
        String id,
        String title,
        String description,
        long version,
        String updatedAt,
        List<StoredTrack> tracks) {

    public PlaylistDetails {
        tracks = List.copyOf(tracks);
    }
}
