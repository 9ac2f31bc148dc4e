package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A track as the cloud stores it, with its file in the media store under the content-addressed
 * {@code object_key} ({@code media/<sha256>.<ext>}). {@code format} is the audio format found in the bytes
 * ({@code mp3}, {@code m4a}, {@code ogg}, {@code opus}, {@code flac}, {@code wav}); {@code artist} and
 * {@code album} are absent when unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudTrack(
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
        String format) {

    public CloudTrack {
        Check.present(id, "id");
        Check.present(playlistId, "playlist_id");
        Check.positive(trackNumber, "track_number");
        Check.required(title, "title");
        Check.nonNegative(durationMs, "duration_ms");
        Check.present(objectKey, "object_key");
        Check.required(sha256, "sha256");
        Check.sha256(sha256, "sha256");
        Check.nonNegative(fileSize, "file_size");
        Check.present(format, "format");
    }

    /** The content-addressed key of a file: {@code media/<sha256>.<ext>}. */
    public static String objectKey(String sha256, String extension) {
        Check.required(sha256, "sha256");
        Check.sha256(sha256, "sha256");
        Check.present(extension, "extension");
        return "media/" + sha256 + "." + extension;
    }
}
