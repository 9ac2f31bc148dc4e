package org.openmusicbox.protocol.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One audio file in a playlist. {@code track_number} is the dense 1-based position in its playlist.
 * The wire also carries {@code number}, the contract's older name for the same value, which
 * existing clients read as a fallback.
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
