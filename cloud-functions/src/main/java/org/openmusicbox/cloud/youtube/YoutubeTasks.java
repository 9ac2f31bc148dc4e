package org.openmusicbox.cloud.youtube;

import java.time.Instant;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import reactor.core.publisher.Mono;

/**
 * Where YouTube tasks are kept across restarts, by device id and task id: what was asked, who runs it, and the
 * final message it ended with. Several cloud instances share it; a running task belongs to one of them until
 * its lease ends.
 */
public interface YoutubeTasks {

    /**
     * Takes the task for {@code owner} until {@code leaseUntil} when it is new, was interrupted, or is running
     * under a lease that ended before {@code now} (its instance died): the answer is then {@link Claim#run} with
     * the request as first stored. Otherwise the task is left alone and the answer says it is running elsewhere
     * or how it ended.
     */
    Mono<Claim> claim(YoutubeRequest request, String owner, Instant now, Instant leaseUntil);

    /** Records the task's final message ({@code YoutubeDone} or {@code YoutubeFailed}) if {@code owner} still holds it. */
    Mono<Void> finish(String deviceId, String taskId, String owner, Object outcome);

    /** Gives up the task unfinished (the instance stops), so that the next request for it runs it at once. */
    Mono<Void> release(String deviceId, String taskId, String owner);

    /** What {@link #claim} found. */
    record Claim(Kind kind, YoutubeRequest request, Object outcome) {

        public enum Kind {
            /** Run it: the caller holds the task now. */
            RUN,
            /** Another instance runs it and its lease holds. */
            RUNNING,
            /** It ended; {@code outcome} is its final message. */
            FINISHED
        }

        public static Claim run(YoutubeRequest request) {
            return new Claim(Kind.RUN, request, null);
        }

        public static Claim running(YoutubeRequest request) {
            return new Claim(Kind.RUNNING, request, null);
        }

        public static Claim finished(YoutubeRequest request, Object outcome) {
            return new Claim(Kind.FINISHED, request, outcome);
        }
    }
}
