package org.openmusicbox.protocol.v1;

import java.util.List;

/** A playlist with its tracks in track-number order, as {@code GET /api/playlists/{id}} and {@code state:playlist} carry it. */
public record Playlist(
        String id,
        String title,
        String description,
        String nfcTagId,
        List<Track> tracks,
        int trackCount,
        long totalDurationMs,
        String createdAt,
        String updatedAt)
        implements StateEvent {

    public Playlist {
        tracks = List.copyOf(tracks);
    }

    public PlaylistLite lite() {
        String cover = tracks.stream()
                .filter(t -> Boolean.TRUE.equals(t.hasCover()))
                .map(Track::id)
                .findFirst()
                .orElse(null);
        return new PlaylistLite(id, title, description, nfcTagId, trackCount, createdAt, updatedAt, cover);
    }

    @Override
    public String event() {
        return Events.STATE_PLAYLIST;
    }
}
