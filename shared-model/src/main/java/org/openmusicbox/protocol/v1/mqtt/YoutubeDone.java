package org.openmusicbox.protocol.v1.mqtt;

import java.util.List;

/**
 * {@code youtube/complete}, cloud to device: the download finished and these tracks (one per chapter, or one for
 * the whole video) are stored in {@code playlist_id}. The device fetches each file through a presigned
 * download URL of its {@code object_key}.
 */
public record YoutubeDone(String taskId, String playlistId, List<CloudTrack> tracks) {

    public YoutubeDone {
        Check.present(taskId, "task_id");
        Check.present(playlistId, "playlist_id");
        tracks = Check.list(tracks, "tracks");
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("tracks must not be empty");
        }
        for (int i = 0; i < tracks.size(); i++) {
            Check.withMedia(tracks.get(i), "tracks[" + i + "]");
        }
    }
}
