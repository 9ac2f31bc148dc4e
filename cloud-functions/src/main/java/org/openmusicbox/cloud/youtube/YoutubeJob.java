package org.openmusicbox.cloud.youtube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.media.ContentHash;
import org.openmusicbox.cloud.media.MediaStore;
import org.openmusicbox.cloud.store.TrackRegistry;
import org.openmusicbox.cloud.youtube.DownloadFailed.Reason;
import org.openmusicbox.cloud.youtube.Downloader.AudioFacts;
import org.openmusicbox.cloud.youtube.Downloader.VideoInfo;
import org.openmusicbox.cloud.youtube.ProgressThrottle.Status;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download, run on a worker thread: read the link, check the limits, download, split chapters, store
 * each file under {@code media/<sha256>.mp3}, register the tracks, and tell the device how it went.
 * The final message is handed to {@code record} (the task store) before it is published.
 * The percent reads 0-80 while bytes arrive, 80-99 while the files are split and stored, 100 at the end.
 */
public final class YoutubeJob {

    private static final Logger LOG = LoggerFactory.getLogger(YoutubeJob.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(5);
    private static final double DOWNLOAD_SHARE = 80.0;

    private final YoutubeRequest request;
    private final YoutubeSettings settings;
    private final Downloader downloader;
    private final MediaStore media;
    private final TrackRegistry tracks;
    private final DeviceLink link;
    private final Cancellation cancellation = new Cancellation();
    private final ProgressThrottle progress;
    private volatile Object outcome;
    private volatile boolean abandoned;
    private final Consumer<Object> record;

    public YoutubeJob(
            YoutubeRequest request,
            YoutubeSettings settings,
            Downloader downloader,
            MediaStore media,
            TrackRegistry tracks,
            DeviceLink link,
            Duration progressInterval,
            Consumer<Object> record) {
        this.request = request;
        this.record = record;
        this.settings = settings;
        this.downloader = downloader;
        this.media = media;
        this.tracks = tracks;
        this.link = link;
        this.progress =
                new ProgressThrottle(request.taskId(), this::publishProgress, System::nanoTime, progressInterval);
    }

    /** The message the job ended with: a {@link YoutubeDone} or a {@link YoutubeFailed}. */
    public Object run() {
        Instant deadline = Instant.now().plus(settings.timeout());
        Path folder = null;
        try {
            folder = Files.createTempDirectory("omb-youtube-");
            YoutubeDone done = download(folder, deadline);
            progress.report(Status.COMPLETED, 100, "Done", 0L);
            outcome = done;
            recordOutcome(done);
            publish(TopicKind.YOUTUBE_COMPLETE, done);
            return done;
        } catch (DownloadFailed e) {
            LOG.info(
                    "youtube task {} of {} failed ({}): {} {}",
                    request.taskId(),
                    request.deviceId(),
                    e.reason(),
                    e.getMessage(),
                    e.detail() == null ? "" : e.detail());
            return fail(e.getMessage(), e.reason().wireName());
        } catch (RuntimeException | IOException e) {
            LOG.warn("youtube task {} of {} failed", request.taskId(), request.deviceId(), e);
            return fail("The download failed on the server", YoutubeFailed.INTERNAL_ERROR);
        } finally {
            deleteFolder(folder);
        }
    }

    /** The final message once the job has ended (set before it is published), else null. */
    public Object outcome() {
        return outcome;
    }

    /** Stops the download; the job ends with a {@code youtube/error}. */
    public void cancel() {
        cancellation.cancel();
    }

    /**
     * Stops the download because this instance stops, not because it failed: the device hears nothing, and the
     * task is run again when it asks again.
     */
    public void abandon() {
        abandoned = true;
        cancellation.cancel();
    }

    /** Whether the job was stopped by {@link #abandon()}: its outcome is not the task's. */
    public boolean abandoned() {
        return abandoned;
    }

    private YoutubeDone download(Path folder, Instant deadline) {
        SourceUrl url = SourceUrl.of(request.url());
        progress.report(Status.DOWNLOADING, 0, "Reading the link", null);
        VideoInfo info = downloader.describe(url, cancellation, deadline);
        checkDuration(info.durationSeconds());
        if (info.sizeBytes() != null && info.sizeBytes() > settings.maxBytes()) {
            throw new DownloadFailed(
                    Reason.TOO_LARGE, "Larger than the " + Limits.size(settings.maxBytes()) + " limit");
        }
        progress.report(Status.DOWNLOADING, 0, "Downloading audio", null);
        Path audio = downloader.download(
                info,
                folder,
                settings.maxBytes(),
                p -> progress.report(
                        Status.DOWNLOADING,
                        p.percent() * DOWNLOAD_SHARE / 100.0,
                        "Downloading audio",
                        p.etaSeconds() == null ? null : p.etaSeconds() * 1000),
                cancellation,
                deadline);

        progress.report(Status.PROCESSING, DOWNLOAD_SHARE, "Reading the audio", null);
        AudioFacts facts = downloader.inspect(audio, cancellation, deadline);
        checkDuration(facts.durationSeconds());
        String title = info.title() == null || info.title().isBlank()
                ? "Download"
                : info.title().strip();
        List<Downloader.Chapter> chapters = info.chapters().isEmpty() ? facts.chapters() : info.chapters();
        List<Chapters.Part> parts = new Chapters(downloader)
                .split(audio, chapters, facts.durationSeconds(), title, folder, cancellation, deadline);
        boolean split = parts.size() > 1;
        progress.report(
                Status.PROCESSING,
                DOWNLOAD_SHARE + 5,
                split ? "Split into " + parts.size() + " chapters" : "Storing the track",
                null);

        List<CloudTrack> stored = new ArrayList<>();
        for (Chapters.Part part : parts) {
            double duration = split
                    ? downloader.inspect(part.file(), cancellation, deadline).durationSeconds()
                    : facts.durationSeconds();
            stored.add(store(part, duration, info, split ? title : null, url));
            progress.report(
                    Status.PROCESSING,
                    DOWNLOAD_SHARE + 5 + 14.0 * stored.size() / parts.size(),
                    "Stored track " + stored.size() + " of " + parts.size(),
                    null);
        }
        return new YoutubeDone(request.taskId(), request.playlistId(), stored);
    }

    private CloudTrack store(Chapters.Part part, double durationSeconds, VideoInfo info, String album, SourceUrl url) {
        if (cancellation.isCancelled()) {
            throw new DownloadFailed(Reason.CANCELLED, "The download was cancelled");
        }
        String sha256 = ContentHash.of(part.file()).sha256();
        long size = sizeOf(part.file());
        String key = CloudTrack.objectKey(sha256, "mp3");
        long durationMs = Math.round(durationSeconds * 1000);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("title", part.title());
        metadata.put("source-url", url.value());
        metadata.put("sha256", sha256);
        metadata.put("duration-ms", Long.toString(durationMs));
        metadata.put("format", "mp3");
        if (info.uploader() != null) {
            metadata.put("artist", info.uploader());
        }
        media.put(key, part.file(), "audio/mpeg", metadata).block(STORE_TIMEOUT);
        String id = UUID.nameUUIDFromBytes(
                        ("youtube:" + request.deviceId() + ":" + request.taskId() + ":" + part.number())
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
        CloudTrack track = new CloudTrack(
                id,
                request.playlistId(),
                part.number(),
                part.title(),
                info.uploader(),
                album,
                durationMs,
                key,
                sha256,
                size,
                "mp3");
        CloudTrack registered =
                tracks.register(request.deviceId(), request.playlistId(), track).block(STORE_TIMEOUT);
        return registered == null ? track : registered;
    }

    private void checkDuration(Double seconds) {
        if (seconds != null && seconds > settings.maxDurationSeconds()) {
            throw new DownloadFailed(
                    Reason.TOO_LONG, "Longer than the " + Limits.duration(settings.maxDurationSeconds()) + " limit");
        }
    }

    private YoutubeFailed fail(String message, String errorType) {
        YoutubeFailed failed = new YoutubeFailed(request.taskId(), message, errorType);
        if (abandoned) {
            return failed;
        }
        progress.report(Status.ERROR, 0, message, null);
        outcome = failed;
        recordOutcome(failed);
        publish(TopicKind.YOUTUBE_ERROR, failed);
        return failed;
    }

    /**
     * Kept before it is announced, so a device that heard the outcome and asks again is always answered with it.
     * A failure to keep it is logged: the device still gets its answer, and the task runs again (adding nothing
     * twice) once its lease is over.
     */
    private void recordOutcome(Object message) {
        try {
            record.accept(message);
        } catch (RuntimeException e) {
            LOG.warn("youtube task {} of {}: the outcome could not be kept", request.taskId(), request.deviceId(), e);
        }
    }

    private void publishProgress(YoutubeProgress message) {
        publish(TopicKind.YOUTUBE_PROGRESS, message);
    }

    /** Publishes and waits, so a task's messages leave in order; a failure is logged, never thrown. */
    private void publish(TopicKind kind, Object message) {
        try {
            link.publish(request.deviceId(), kind.suffix(), message).block(PUBLISH_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not publish {} for youtube task {} of {}",
                    kind.suffix(),
                    request.taskId(),
                    request.deviceId(),
                    e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}", folder, e);
        }
    }
}
