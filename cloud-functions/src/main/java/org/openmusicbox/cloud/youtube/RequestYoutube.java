package org.openmusicbox.cloud.youtube;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.media.MediaStore;
import org.openmusicbox.cloud.store.TrackRegistry;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The {@code youtube/requests} handler: answers at once and runs the download as a {@link YoutubeJob} on
 * a bounded pool of {@code omb.youtube.workers} threads, so a slow download holds one worker and never
 * the caller or the other downloads. The same task (device id + task id) twice starts one job; asked
 * again after it ended, the task's last message is published again for a device that missed it.
 * Idempotency is kept in this instance's memory (the last {@value #REMEMBERED} tasks).
 */
public final class RequestYoutube implements Function<YoutubeRequest, Mono<RequestYoutube.Accepted>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestYoutube.class);
    static final int REMEMBERED = 10_000;

    /**
     * The answer to a request: {@code duplicate} when the task was already known (running or finished),
     * in which case nothing new was started.
     */
    public record Accepted(String taskId, boolean duplicate) {}

    private final YoutubeSettings settings;
    private final Downloader downloader;
    private final MediaStore media;
    private final TrackRegistry tracks;
    private final DeviceLink link;
    private final Duration progressInterval;
    private final ThreadPoolExecutor pool;
    /** Tasks by device id + task id, oldest first; guarded by itself. */
    private final Map<String, Task> tasks = new LinkedHashMap<>();

    private static final class Task {
        volatile YoutubeJob job;
        /** Set when the task never ran (queue full). */
        volatile Object refused;

        /** The task's final message, or null while it waits or runs. */
        Object outcome() {
            YoutubeJob j = job;
            return refused != null ? refused : j == null ? null : j.outcome();
        }
    }

    public RequestYoutube(
            YoutubeSettings settings, Downloader downloader, MediaStore media, TrackRegistry tracks, DeviceLink link) {
        this(settings, downloader, media, tracks, link, ProgressThrottle.DEFAULT_INTERVAL);
    }

    public RequestYoutube(
            YoutubeSettings settings,
            Downloader downloader,
            MediaStore media,
            TrackRegistry tracks,
            DeviceLink link,
            Duration progressInterval) {
        this.settings = settings;
        this.downloader = downloader;
        this.media = media;
        this.tracks = tracks;
        this.link = link;
        this.progressInterval = progressInterval;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                settings.workers(),
                settings.workers(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()),
                r -> {
                    Thread t = new Thread(r, "omb-youtube-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public Mono<Accepted> apply(YoutubeRequest request) {
        String key = request.deviceId() + "/" + request.taskId();
        Task task;
        Task known;
        synchronized (tasks) {
            known = tasks.get(key);
            task = known == null ? new Task() : known;
            if (known == null) {
                tasks.put(key, task);
                forgetOldTasks();
            }
        }
        if (known != null) {
            return Mono.defer(() -> repeatOutcome(known, request)).thenReturn(new Accepted(request.taskId(), true));
        }
        task.job = new YoutubeJob(request, settings, downloader, media, tracks, link, progressInterval);
        return link.publish(
                        request.deviceId(),
                        TopicKind.YOUTUBE_PROGRESS.suffix(),
                        ProgressThrottle.pending(request.taskId()))
                .onErrorResume(e -> {
                    LOG.warn("could not publish pending for youtube task {}", request.taskId(), e);
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> submit(task, request)))
                .thenReturn(new Accepted(request.taskId(), false));
    }

    /** Stops a running task (its process is killed); false when the task is unknown or already over. */
    public boolean cancel(String deviceId, String taskId) {
        Task task;
        synchronized (tasks) {
            task = tasks.get(deviceId + "/" + taskId);
        }
        if (task == null || task.outcome() != null || task.job == null) {
            return false;
        }
        task.job.cancel();
        return true;
    }

    private void submit(Task task, YoutubeRequest request) {
        try {
            pool.execute(task.job::run);
        } catch (RejectedExecutionException e) {
            YoutubeFailed busy = new YoutubeFailed(
                    request.taskId(), "Too many downloads are waiting; try again later", YoutubeFailed.INTERNAL_ERROR);
            task.refused = busy;
            link.publish(request.deviceId(), TopicKind.YOUTUBE_ERROR.suffix(), busy)
                    .onErrorResume(err -> Mono.empty())
                    .subscribe();
        }
    }

    private Mono<Void> repeatOutcome(Task task, YoutubeRequest request) {
        Object outcome = task.outcome();
        if (outcome == null) {
            return Mono.empty();
        }
        TopicKind kind = outcome instanceof YoutubeFailed ? TopicKind.YOUTUBE_ERROR : TopicKind.YOUTUBE_COMPLETE;
        return link.publish(request.deviceId(), kind.suffix(), outcome).onErrorResume(e -> Mono.empty());
    }

    private void forgetOldTasks() {
        Iterator<Task> it = tasks.values().iterator();
        while (tasks.size() > REMEMBERED && it.hasNext()) {
            if (it.next().outcome() != null) {
                it.remove();
            }
        }
    }

    /** Cancels every running download and stops the workers. */
    @Override
    public void close() {
        synchronized (tasks) {
            tasks.values().forEach(t -> {
                if (t.job != null && t.outcome() == null) {
                    t.job.cancel();
                }
            });
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
