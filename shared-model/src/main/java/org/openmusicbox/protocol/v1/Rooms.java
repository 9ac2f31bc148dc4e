package org.openmusicbox.protocol.v1;

import java.util.Optional;

/** Socket.IO room names; a client only receives the events of the rooms it has joined. */
public final class Rooms {

    /** Global playlist changes, the player state and position updates. */
    public static final String PLAYLISTS = "playlists";

    public static final String NFC = "nfc";

    private static final String PLAYLIST_PREFIX = "playlist:";

    private Rooms() {}

    /** The room of one playlist's detail view: its tracks and uploads. */
    public static String playlist(String playlistId) {
        if (playlistId == null || playlistId.isBlank()) {
            throw new IllegalArgumentException("playlist id must not be blank");
        }
        return PLAYLIST_PREFIX + playlistId;
    }

    /** The playlist id of a {@code playlist:{id}} room; empty for any other room, including {@code playlists}. */
    public static Optional<String> playlistIdOf(String room) {
        if (room == null || !room.startsWith(PLAYLIST_PREFIX)) {
            return Optional.empty();
        }
        String id = room.substring(PLAYLIST_PREFIX.length());
        return id.isBlank() ? Optional.empty() : Optional.of(id);
    }
}
