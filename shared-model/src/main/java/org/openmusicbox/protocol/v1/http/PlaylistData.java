package org.openmusicbox.protocol.v1.http;

import java.util.List;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/**
 * The {@code data} of {@code POST /api/playlists} and {@code GET /api/playlists/{id}}: the playlist's own
 * fields, as our page and the contract read them, and the same playlist again under {@code playlist}, where
 * the original's web app reads it ({@code data.playlist.id}; docs/protocol.md, "Differences from the original").
 */
public record PlaylistData(
        String id,
        String title,
        String description,
        String nfcTagId,
        List<Track> tracks,
        int trackCount,
        long totalDurationMs,
        String createdAt,
        String updatedAt,
        Playlist playlist) {

    public PlaylistData {
        tracks = List.copyOf(tracks);
    }

    public static PlaylistData of(Playlist p) {
        return new PlaylistData(
                p.id(),
                p.title(),
                p.description(),
                p.nfcTagId(),
                p.tracks(),
                p.trackCount(),
                p.totalDurationMs(),
                p.createdAt(),
                p.updatedAt(),
                p);
    }
}
