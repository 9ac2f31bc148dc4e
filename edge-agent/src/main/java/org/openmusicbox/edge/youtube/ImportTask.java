package org.openmusicbox.edge.youtube;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.openmusicbox.protocol.v1.YoutubeProgress;

/**
 * The last known state of one import, as {@code GET /api/youtube/status/{task_id}} shows it: the fields of the
 * contract's answer ({@code task_id}, {@code status}, {@code progress_percent}, {@code current_step}) plus where it
 * goes and, once it ended, a message. {@code url} and {@code playlist_id} are null for a task the box only heard
 * of from the cloud (asked before the box restarted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportTask(
        String taskId,
        String status,
        Double progressPercent,
        String currentStep,
        Long estimatedTimeRemaining,
        String url,
        String playlistId,
        String message) {

    /** Sent to the cloud, nothing heard back yet. */
    public static final String PENDING = "pending";

    public static final String COMPLETED = "completed";

    public static final String ERROR = "error";

    static ImportTask asked(String taskId, String url, String playlistId) {
        return new ImportTask(taskId, PENDING, 0.0, "Sent to the cloud", null, url, playlistId, null);
    }

    /** A task first heard of from the cloud: the box does not know what was asked. */
    static ImportTask unknown(String taskId) {
        return new ImportTask(taskId, PENDING, null, null, null, null, null, null);
    }

    /**
     * Only {@code youtube/complete} and {@code youtube/error} end a task: the cloud's last progress may already say
     * {@code completed}, and ending on it would drop the completion that carries the tracks.
     */
    ImportTask progressed(YoutubeProgress p) {
        boolean terminal = COMPLETED.equals(p.status()) || ERROR.equals(p.status());
        return new ImportTask(
                taskId,
                terminal ? status : p.status(),
                p.progressPercent() != null ? p.progressPercent() : progressPercent,
                p.currentStep() != null ? p.currentStep() : currentStep,
                p.estimatedTimeRemaining(),
                url,
                playlistId,
                null);
    }

    ImportTask completed(String intoPlaylist, String what) {
        return new ImportTask(taskId, COMPLETED, 100.0, null, null, url, intoPlaylist, what);
    }

    ImportTask failed(String why) {
        return new ImportTask(taskId, ERROR, progressPercent, null, null, url, playlistId, why);
    }

    /** Completed or failed: nothing the cloud says later changes it. */
    @JsonIgnore
    public boolean ended() {
        return COMPLETED.equals(status) || ERROR.equals(status);
    }

    /** The {@code youtube:progress} that tells LAN clients this state. */
    YoutubeProgress asProgress() {
        return new YoutubeProgress(taskId, status, progressPercent, currentStep, estimatedTimeRemaining);
    }
}
