package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A track in the cloud, and its one shape there: the store's rows, upload results and YouTube results all
 * carry it. Its media fields come together or not at all: until the file is in the media store they are
 * absent; then {@code object_key} is the file's content-addressed key ({@code media/<sha256>.<ext>}),
 * {@code sha256} its hash and {@code format} the audio format found in its bytes ({@code mp3}, {@code m4a},
 * {@code ogg}, {@code opus}, {@code flac}, {@code wav}). A message that hands a track to the device for
 * playing ({@link UploadResult}, {@link YoutubeDone}) requires the media. {@code artist} and {@code album} are
 * absent when unknown.
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
        Check.nonNegative(fileSize, "file_size");
        boolean someMedia = objectKey != null || sha256 != null || format != null;
        boolean allMedia = objectKey != null && sha256 != null && format != null;
        if (someMedia && !allMedia) {
            throw new IllegalArgumentException("object_key, sha256 and format must be all present or all absent"
                    + " (absent until the file is in the media store), was object_key=" + Check.quoted(objectKey)
                    + ", sha256=" + Check.quoted(sha256) + ", format=" + Check.quoted(format));
        }
        if (allMedia) {
            Check.present(objectKey, "object_key");
            Check.sha256(sha256, "sha256");
            Check.present(format, "format");
        }
    }

    /** Whether the track's file is in the media store, so a device can fetch and play it. */
    @JsonIgnore
    public boolean hasMedia() {
        return objectKey != null;
    }

    /** The content-addressed key of a file: {@code media/<sha256>.<ext>}. */
    public static String objectKey(String sha256, String extension) {
        Check.required(sha256, "sha256");
        Check.sha256(sha256, "sha256");
        Check.present(extension, "extension");
        return "media/" + sha256 + "." + extension;
    }
}
