package org.openmusicbox.edge.youtube;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;

/**
 * {@code youtube:complete} as the box sends it: the contract's {@code task_id}, {@code track} and
 * {@code playlist_id} ({@code track} is the first of them), and, since one video with chapters gives several
 * tracks, all of them in {@code tracks}, with the original's {@code status} and {@code message}. The tracks are
 * in the box's local shape without a file yet: they reach the library through the sync log and play once their
 * file is on the box.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Finished(String taskId, String status, String playlistId, Track track, List<Track> tracks, String message) {

    static Finished of(YoutubeDone done) {
        List<Track> tracks = done.tracks().stream().map(Finished::local).toList();
        String message = tracks.size() == 1 ? "Added 1 track" : "Added " + tracks.size() + " tracks";
        return new Finished(done.taskId(), ImportTask.COMPLETED, done.playlistId(), tracks.get(0), tracks, message);
    }

    private static Track local(CloudTrack t) {
        return new Track(
                t.id(),
                t.playlistId(),
                t.trackNumber(),
                t.title(),
                null,
                null,
                t.durationMs(),
                t.artist(),
                t.album(),
                t.fileSize(),
                null,
                null);
    }
}
