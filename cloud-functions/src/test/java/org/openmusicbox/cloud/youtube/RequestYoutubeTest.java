package org.openmusicbox.cloud.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.MediaStore;
import org.openmusicbox.cloud.store.TrackRegistry;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import reactor.core.publisher.Mono;

/** The handler and the job with a hand-written downloader: limits, idempotency, URL checks. */
class RequestYoutubeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeDownloader downloader = new FakeDownloader();
    private final FakeMedia media = new FakeMedia();
    private final RecordingDeviceLink link = new RecordingDeviceLink();
    private final AtomicInteger registered = new AtomicInteger();
    private final TrackRegistry registry = (device, playlist, track) -> {
        registered.incrementAndGet();
        return Mono.just(track);
    };
    private final MemoryYoutubeTasks tasks = new MemoryYoutubeTasks();
    private RequestYoutube handler = handler(YoutubeSettings.defaults());

    @AfterEach
    void stop() {
        handler.close();
    }

    @Test
    void theSameTaskTwiceRunsOneJobAndAskedAgainAfterwardsRepeatsTheResult() throws Exception {
        downloader.info = info(120.0, 1000L);
        downloader.hold = new CountDownLatch(1);
        YoutubeRequest request = request("task-1");

        RequestYoutube.Accepted first = handler.apply(request).block(WAIT);
        RequestYoutube.Accepted second = handler.apply(request).block(WAIT);
        downloader.hold.countDown();
        Object outcome = link.awaitOutcome("task-1", 10);
        handler.apply(request).block(WAIT);

        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(outcome).isInstanceOf(YoutubeDone.class);
        assertThat(downloader.describes.get()).isEqualTo(1);
        assertThat(downloader.downloads.get()).isEqualTo(1);
        assertThat(registered.get()).isEqualTo(1);
        assertThat(link.forTask("task-1"))
                .filteredOn(s -> s.message() instanceof YoutubeDone)
                .hasSize(2);
        CloudTrack track = ((YoutubeDone) outcome).tracks().get(0);
        assertThat(track.objectKey()).isEqualTo("media/" + track.sha256() + ".mp3");
        assertThat(media.objects).containsKey(track.objectKey());
    }

    @Test
    void aVideoOverTheDurationLimitIsRefusedBeforeDownloading() throws Exception {
        downloader.info = info(4 * 3600.0, 1000L);

        handler.apply(request("long")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome("long", 10);

        assertThat(failed.message()).isEqualTo("Longer than the 3-hour limit");
        assertThat(failed.errorType()).isEqualTo(YoutubeFailed.TOO_LONG);
        assertThat(downloader.downloads.get()).isZero();
        assertThat(link.progress("long")).last().extracting(p -> p.status()).isEqualTo("error");
    }

    @Test
    void aVideoOverTheSizeLimitIsRefusedBeforeDownloading() throws Exception {
        handler.close();
        handler = handler(YoutubeSettings.defaults().withLimits(10_800, 10L * 1024 * 1024));
        downloader.info = info(60.0, 11L * 1024 * 1024);

        handler.apply(request("big")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome("big", 10);

        assertThat(failed.message()).isEqualTo("Larger than the 10 MB limit");
        assertThat(failed.errorType()).isEqualTo(YoutubeFailed.TOO_LARGE);
        assertThat(downloader.downloads.get()).isZero();
    }

    @Test
    void linksThatCouldBeReadAsOptionsOrAreNotWebLinksAreRefused() {
        for (String bad : List.of(
                "-o/tmp/x",
                "--exec=rm",
                "file:///etc/passwd",
                "ftp://host/a.mp3",
                "http://host/a b",
                "http:///nohost",
                "")) {
            assertThatThrownBy(() -> SourceUrl.of(bad))
                    .as(bad)
                    .isInstanceOf(DownloadFailed.class)
                    .extracting(e -> ((DownloadFailed) e).reason())
                    .isEqualTo(DownloadFailed.Reason.INVALID_URL);
        }
        assertThat(SourceUrl.of(" https://www.youtube.com/watch?v=abc ").value())
                .isEqualTo("https://www.youtube.com/watch?v=abc");
    }

    @Test
    void limitsReadAsPeopleSayThem() {
        assertThat(Limits.duration(10_800)).isEqualTo("3-hour");
        assertThat(Limits.duration(5_400)).isEqualTo("90-minute");
        assertThat(Limits.size(524_288_000)).isEqualTo("500 MB");
    }

    private RequestYoutube handler(YoutubeSettings settings) {
        return new RequestYoutube(
                settings, downloader, media, registry, tasks, link, Duration.ofMillis(500), Clock.systemUTC());
    }

    private static YoutubeRequest request(String taskId) {
        return new YoutubeRequest(taskId, "box-1", "https://example.org/watch?v=" + taskId, "playlist-1");
    }

    private static Downloader.VideoInfo info(Double duration, Long size) {
        return new Downloader.VideoInfo(
                "v1", "A song", "A singer", duration, size, List.of(), "https://example.org/v1", "{}");
    }

    /** Makes a small file for every download; counts the calls. */
    static final class FakeDownloader implements Downloader {
        volatile VideoInfo info;
        /** Downloads wait for it, so a test can act while a job runs. */
        volatile CountDownLatch hold = new CountDownLatch(0);

        final AtomicInteger describes = new AtomicInteger();
        final AtomicInteger downloads = new AtomicInteger();

        @Override
        public VideoInfo describe(SourceUrl url, Cancellation cancellation, Instant deadline) {
            describes.incrementAndGet();
            return info;
        }

        @Override
        public Path download(
                VideoInfo info,
                Path folder,
                long maxBytes,
                ProgressListener progress,
                Cancellation cancellation,
                Instant deadline) {
            downloads.incrementAndGet();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.onProgress(new Progress(50, 1L, 500, 1000L));
            progress.onProgress(new Progress(100, 0L, 1000, 1000L));
            try {
                return Files.write(folder.resolve("audio.mp3"), new byte[1000]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public AudioFacts inspect(Path audio, Cancellation cancellation, Instant deadline) {
            return new AudioFacts(info.durationSeconds(), List.of());
        }

        @Override
        public void cut(Path audio, Chapter chapter, Path target, Cancellation cancellation, Instant deadline) {
            throw new UnsupportedOperationException();
        }
    }

    /** Keeps put objects in a map; nothing else is used by the job. */
    static final class FakeMedia implements MediaStore {
        final Map<String, Map<String, String>> objects = new ConcurrentHashMap<>();

        @Override
        public Mono<Void> put(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
            return Mono.fromRunnable(() -> objects.put(key, metadata));
        }

        @Override
        public Mono<Void> put(String key, Path file, String contentType, Map<String, String> metadata) {
            return Mono.fromRunnable(() -> objects.put(key, metadata));
        }

        @Override
        public Mono<ObjectInfo> head(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Path> download(String key, Path target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<InputStream> open(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> delete(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> copy(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<PresignedUrl> presignPut(String key, String contentType, Duration lifetime) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<PresignedUrl> presignGet(String key, String downloadName, Duration lifetime) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<String> createMultipartUpload(String key, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<List<PresignedPart>> presignParts(String key, String uploadId, int partCount, Duration lifetime) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> abortMultipartUpload(String key, String uploadId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<List<StoredPart>> listParts(String key, String uploadId) {
            throw new UnsupportedOperationException();
        }
    }
}
