package org.openmusicbox.protocol.v1;

import java.util.List;

/** Data of {@code state:track_deleted}: the track numbers as they were before the remaining tracks were renumbered. */
public record TrackDeleted(String playlistId, List<Integer> trackNumbers) implements StateEvent {

    public TrackDeleted {
        trackNumbers = List.copyOf(trackNumbers);
    }

    @Override
    public String event() {
        return Events.STATE_TRACK_DELETED;
    }
}
