package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
        String updatedAt) {

    @JsonProperty("number")
    public int number() {
        return trackNumber;
    }
}
