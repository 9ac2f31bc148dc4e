package org.openmusicbox.cloud.store;

import java.util.List;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;

/**
 * One playlist with its tracks in order ({@code track_number}, then id); a track's media fields are absent
 * until its file is in the media store.
 */
public record PlaylistDetails(
        String id, String title, String description, long version, String updatedAt, List<CloudTrack> tracks) {

    public PlaylistDetails {
        tracks = List.copyOf(tracks);
    }
}
