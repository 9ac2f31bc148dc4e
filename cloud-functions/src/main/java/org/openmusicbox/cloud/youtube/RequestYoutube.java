package org.openmusicbox.cloud.youtube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
 * the caller or the other downloads.
 *
 * <p>Tasks (device id + task id) are kept in {@link YoutubeTasks}, so they outlive this instance. The same task
 * twice starts one job, here or on another instance. Asked again after it ended, the task's last message is
 * published again for a device that missed it. A task this instance gave up when it stopped ({@link #close()})
 * runs again on the next request; one whose instance died runs again once its lease (the job's timeout and
 * {@link #LEASE_MARGIN}) is over. The tracks of a rerun have the same ids ({@link YoutubeJob}), so registering
 * them again adds nothing twice.
 */
public final class RequestYoutube implements Function<YoutubeRequest, Mono<RequestYoutube.Accepted>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestYoutube.class);
    static final Duration LEASE_MARGIN = Duration.ofMinutes(1);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The answer to a request: {@code duplicate} when the task was already known (running or finished),
     * in which case nothing new was started.
     */
    public record Accepted(String taskId, boolean duplicate) {}

    private final YoutubeSettings settings;
    private final Downloader downloader;
    private final MediaStore media;
    private final TrackRegistry tracks;
    private final YoutubeTasks store;
    private final DeviceLink link;
    private final Duration progressInterval;
    private final Clock clock;
    /** Names this instance as the owner of the tasks it runs. */
    private final String owner = "youtube-" + UUID.randomUUID();

    private final ThreadPoolExecutor pool;
    /** The tasks this instance holds (waiting for a worker or running), by device id + task id. */
    private final Map<String, Held> running = new ConcurrentHashMap<>();

    private record Held(YoutubeRequest request, YoutubeJob job) {}

    public RequestYoutube(
            YoutubeSettings settings,
            Downloader downloader,
            MediaStore media,
            TrackRegistry tracks,
            YoutubeTasks store,
            DeviceLink link) {
        this(settings, downloader, media, tracks, store, link, ProgressThrottle.DEFAULT_INTERVAL, Clock.systemUTC());
    }

    public RequestYoutube(
            YoutubeSettings settings,
            Downloader downloader,
            MediaStore media,
            TrackRegistry tracks,
            YoutubeTasks store,
            DeviceLink link,
            Duration progressInterval,
            Clock clock) {
        this.settings = settings;
        this.downloader = downloader;
        this.media = media;
        this.tracks = tracks;
        this.store = store;
        this.link = link;
        this.progressInterval = progressInterval;
        this.clock = clock;
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
        String key = key(request.deviceId(), request.taskId());
        Held held = running.get(key);
        if (held != null && held.job().outcome() == null) {
            return Mono.just(new Accepted(request.taskId(), true));
        }
        Instant now = clock.instant();
        return store.claim(request, owner, now, now.plus(settings.timeout()).plus(LEASE_MARGIN))
                .flatMap(claim -> switch (claim.kind()) {
                    case RUN -> start(claim.request()).thenReturn(new Accepted(request.taskId(), false));
                    case FINISHED ->
                        repeatOutcome(request, claim.outcome()).thenReturn(new Accepted(request.taskId(), true));
                    case RUNNING -> Mono.just(new Accepted(request.taskId(), true));
                });
    }

    /** Stops a task running here (its process is killed); false when it does not run on this instance. */
    public boolean cancel(String deviceId, String taskId) {
        Held held = running.get(key(deviceId, taskId));
        if (held == null || held.job().outcome() != null) {
            return false;
        }
        held.job().cancel();
        return true;
    }

    private Mono<Void> start(YoutubeRequest request) {
        YoutubeJob job = new YoutubeJob(
                request,
                settings,
                downloader,
                media,
                tracks,
                link,
                progressInterval,
                outcome -> store.finish(request.deviceId(), request.taskId(), owner, outcome)
                        .block(STORE_TIMEOUT));
        running.put(key(request.deviceId(), request.taskId()), new Held(request, job));
        return link.publish(
                        request.deviceId(),
                        TopicKind.YOUTUBE_PROGRESS.suffix(),
                        ProgressThrottle.pending(request.taskId()))
                .onErrorResume(e -> {
                    LOG.warn("could not publish pending for youtube task {}", request.taskId(), e);
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> submit(job, request)));
    }

    private void submit(YoutubeJob job, YoutubeRequest request) {
        try {
            pool.execute(() -> runAndRecord(job, request));
        } catch (RejectedExecutionException e) {
            running.remove(key(request.deviceId(), request.taskId()));
            // not the task's outcome: asked again later, it runs
            release(request);
            YoutubeFailed busy = new YoutubeFailed(
                    request.taskId(), "Too many downloads are waiting; try again later", YoutubeFailed.INTERNAL_ERROR);
            link.publish(request.deviceId(), TopicKind.YOUTUBE_ERROR.suffix(), busy)
                    .onErrorResume(err -> Mono.empty())
                    .subscribe();
        }
    }

    private void runAndRecord(YoutubeJob job, YoutubeRequest request) {
        job.run();
        // an abandoned job stays held: close() releases it from its own thread, not this interrupted one
        if (job.outcome() != null) {
            running.remove(key(request.deviceId(), request.taskId()));
        }
    }

    private void release(YoutubeRequest request) {
        try {
            store.release(request.deviceId(), request.taskId(), owner).block(STORE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn(
                    "youtube task {} of {} could not be released; it runs again after its lease",
                    request.taskId(),
                    request.deviceId(),
                    e);
        }
    }

    private Mono<Void> repeatOutcome(YoutubeRequest request, Object outcome) {
        TopicKind kind = outcome instanceof YoutubeFailed ? TopicKind.YOUTUBE_ERROR : TopicKind.YOUTUBE_COMPLETE;
        return link.publish(request.deviceId(), kind.suffix(), outcome).onErrorResume(e -> Mono.empty());
    }

    private static String key(String deviceId, String taskId) {
        return deviceId + "/" + taskId;
    }

    /**
     * Stops the workers. Running downloads are abandoned, not failed: the device hears nothing of them, and the
     * store marks them interrupted so the next request for one runs it again, here or elsewhere.
     */
    @Override
    public void close() {
        running.values().forEach(held -> held.job().abandon());
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.values().forEach(held -> release(held.request()));
        running.clear();
    }
}
