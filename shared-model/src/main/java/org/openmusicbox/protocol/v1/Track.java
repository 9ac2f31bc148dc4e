package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One audio file in a playlist. {@code track_number} is the dense 1-based position in its playlist.
 * The wire also carries {@code number}, the contract's older name for the same value, which
 * existing clients read as a fallback.
 *
 * <p>This is the box's local API shape (HTTP and Socket.IO), not the cloud's {@code mqtt.CloudTrack}: clients
 * built for the original read it as it is, with the file's name and its path on the box's card
 * ({@code filename}, {@code file_path}, relative to the media directory), {@code created_at} and
 * {@code updated_at}, and {@code number}. The cloud never holds card paths; it knows a file by its media-store
 * key and hash instead, which this shape has no place for.
 *
 * <p>{@code available} is false for a track from the cloud whose file is not on the box yet (docs/sync.md,
 * "Media"): it is shown, and the player skips it. It is written only when false, and a reader that finds it
 * missing takes it as true, so clients and payloads older than it keep their meaning.
 *
 * <p>{@code has_cover} is true when the box holds a picture for the track ({@code GET /api/tracks/{id}/cover});
 * written only when true, for the same reason.
 */
@JsonIgnoreProperties(value = "number", allowGetters = true)
public record Track(
        String id,
        String playlistId,
        int trackNumber,
        String title,
        String filename,
        String filePath,
        long durationMs,
        String artist,
        String album,
        long fileSize,
        String createdAt,
        String updatedAt,

        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Track.WhenTrue.class)
        Boolean available,

        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasCover) {

    public Track {
        if (available == null) {
            available = Boolean.TRUE;
        }
        if (!Boolean.TRUE.equals(hasCover)) {
            hasCover = null;
        }
    }

    /** A track without a cover picture. */
    public Track(
            String id,
            String playlistId,
            int trackNumber,
            String title,
            String filename,
            String filePath,
            long durationMs,
            String artist,
            String album,
            long fileSize,
            String createdAt,
            String updatedAt,
            Boolean available) {
        this(
                id,
                playlistId,
                trackNumber,
                title,
                filename,
                filePath,
                durationMs,
                artist,
                album,
                fileSize,
                createdAt,
                updatedAt,
                available,
                null);
    }

    /** A track whose file is here. */
    public Track(
            String id,
            String playlistId,
            int trackNumber,
            String title,
            String filename,
            String filePath,
            long durationMs,
            String artist,
            String album,
            long fileSize,
            String createdAt,
            String updatedAt) {
        this(
                id,
                playlistId,
                trackNumber,
                title,
                filename,
                filePath,
                durationMs,
                artist,
                album,
                fileSize,
                createdAt,
                updatedAt,
                Boolean.TRUE);
    }

    /** Jackson leaves out a value this filter equals: {@code available} is written only when false. */
    public static final class WhenTrue {

        @Override
        public boolean equals(Object other) {
            return Boolean.TRUE.equals(other);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @JsonProperty("number")
    public int number() {
        return trackNumber;
    }
}
