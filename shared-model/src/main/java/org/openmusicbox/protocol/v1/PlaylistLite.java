package org.openmusicbox.protocol.v1;

/** A playlist without its tracks: the items of the {@code state:playlists} snapshot. */
public record PlaylistLite(
        String id,
        String title,
        String description,
        String nfcTagId,
        int trackCount,
        String createdAt,
        String updatedAt) {}
