package org.openmusicbox.cloud.store;

/**
 * A track as the store holds it. The media fields ({@code object_key}, {@code sha256}, {@code format}) are
 * null until the track's file is in the media store; {@code duration_ms} and {@code file_size} are 0 when
 * unknown.
 */
public record StoredTrack(
        String id,
        String playlistId,
        int trackNumber,
        String title,
        String artist,
        String album,
        long durationMs,
        String objectKey,
        String sha256,
        long fileSize,
        String format,
        long version) {
}
