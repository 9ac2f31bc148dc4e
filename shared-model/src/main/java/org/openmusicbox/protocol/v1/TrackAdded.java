package org.openmusicbox.protocol.v1;

/** Data of {@code state:track_added}, sent to the {@code playlist:{id}} room. */
public record TrackAdded(String playlistId, Track track) implements StateEvent {

    @Override
    public String event() {
        return Events.STATE_TRACK_ADDED;
    }
}
