package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A playlist without its tracks: the items of the {@code state:playlists} snapshot. {@code cover_track_id}
 * names the first track, in order, that has a cover picture (the playlist's cover); absent when none has.
 */
public record PlaylistLite(
        String id,
        String title,
        String description,
        String nfcTagId,
        int trackCount,
        String createdAt,
        String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String coverTrackId) {

    public PlaylistLite(
            String id,
            String title,
            String description,
            String nfcTagId,
            int trackCount,
            String createdAt,
            String updatedAt) {
        this(id, title, description, nfcTagId, trackCount, createdAt, updatedAt, null);
    }
}
