package org.openmusicbox.protocol.v1.http;

import java.util.List;
import org.openmusicbox.protocol.v1.Playlist;

/** The {@code data} of {@code GET /api/playlists}; {@code total} counts all playlists, not just this page. */
public record PlaylistPageData(List<Playlist> playlists, int page, int limit, int total, int totalPages) {

    public PlaylistPageData {
        playlists = List.copyOf(playlists);
    }
}
