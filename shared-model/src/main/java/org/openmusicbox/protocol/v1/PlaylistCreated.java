package org.openmusicbox.protocol.v1;

/** Data of {@code state:playlist_created}. */
public record PlaylistCreated(String playlistId, Playlist playlist, String operation) {

    public static final String OPERATION = "create";
}
