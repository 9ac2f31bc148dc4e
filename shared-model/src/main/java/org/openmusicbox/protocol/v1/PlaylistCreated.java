package org.openmusicbox.protocol.v1;

/** Data of {@code state:playlist_created}. */
public record PlaylistCreated(String playlistId, Playlist playlist, String operation) implements StateEvent {

    public static final String OPERATION = "create";

    @Override
    public String event() {
        return Events.STATE_PLAYLIST_CREATED;
    }
}
