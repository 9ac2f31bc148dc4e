package org.openmusicbox.cloud.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.cloud.sync.CloudTracks;
import org.openmusicbox.cloud.sync.SyncNow;
import org.openmusicbox.cloud.youtube.postgres.PostgresYoutubeTasks;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * YouTube tasks outlive the instance that ran them: tasks in PostgreSQL, tracks into the box's replica, a
 * downloader that holds its download until the test lets it go, so an instance can be stopped half-way.
 */
class YoutubeRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final YoutubeSettings SETTINGS = YoutubeSettings.defaults();

    private static TestDatabase db;
    private static PostgresReplica replica;
    private static PostgresYoutubeTasks tasks;

    private final HeldDownloader downloader = new HeldDownloader();
    private final RequestYoutubeTest.FakeMedia media = new RequestYoutubeTest.FakeMedia();
    private final RecordingDeviceLink link = new RecordingDeviceLink();
    private final CloudTracks cloudTracks = new CloudTracks(replica, new SyncNow(link, Duration.ofMillis(10)));
    private final List<RequestYoutube> instances = new java.util.ArrayList<>();

    @BeforeAll
    static void migratedDatabase() {
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(WAIT);
        replica = new PostgresReplica(db.connectionFactory(), "test", new Hlc(System::currentTimeMillis));
        tasks = new PostgresYoutubeTasks(db.connectionFactory(), new JsonCodec());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @AfterEach
    void stopInstances() {
        downloader.release.countDown();
        instances.forEach(RequestYoutube::close);
    }

    @Test
    void aTaskStoppedHalfWayRunsAgainOnTheNextInstanceAndCompletesOnce() throws Exception {
        YoutubeRequest request = request();
        RequestYoutube first = instance(Clock.systemUTC());

        assertThat(first.apply(request).block(WAIT).duplicate()).isFalse();
        assertThat(downloader.started.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();
        assertThat(db.queryOne(status(request), String.class)).isEqualTo("interrupted");

        downloader.release.countDown();
        RequestYoutube second = instance(Clock.systemUTC());
        assertThat(second.apply(request).block(WAIT).duplicate()).isFalse();
        YoutubeDone done = (YoutubeDone) link.awaitOutcome(request.taskId(), 30);

        assertThat(done.tracks()).hasSize(1);
        assertThat(downloader.downloads.get()).isEqualTo(2);
        assertThat(link.forTask(request.taskId()))
                .as("the stopped run told the device nothing; the rerun completed once")
                .filteredOn(p -> p.message() instanceof YoutubeDone || p.message() instanceof YoutubeFailed)
                .hasSize(1);
        assertThat(tracksOf(request))
                .extracting(View.TrackView::id)
                .containsExactly(done.tracks().get(0).id());
        assertThat(db.queryOne(status(request), String.class)).isEqualTo("done");

        // asked again: the stored outcome is published again and nothing runs
        RequestYoutube third = instance(Clock.systemUTC());
        assertThat(third.apply(request).block(WAIT).duplicate()).isTrue();
        link.await(
                p -> p.message() instanceof YoutubeDone d
                        && d.taskId().equals(request.taskId())
                        && link.forTask(request.taskId()).stream()
                                        .filter(q -> q.message() instanceof YoutubeDone)
                                        .count()
                                == 2,
                30);
        assertThat(downloader.downloads.get()).isEqualTo(2);
        assertThat(tracksOf(request)).hasSize(1);
    }

    @Test
    void aTaskWhoseInstanceDiedRunsAgainOnlyAfterItsLease() throws Exception {
        YoutubeRequest request = request();
        // The first instance is never closed while the test runs, as if it had been killed mid-download.
        RequestYoutube dead = instance(Clock.systemUTC());
        dead.apply(request).block(WAIT);
        assertThat(downloader.started.await(30, TimeUnit.SECONDS)).isTrue();

        RequestYoutube other = instance(Clock.systemUTC());
        assertThat(other.apply(request).block(WAIT).duplicate())
                .as("the lease holds: another instance may still be running it")
                .isTrue();
        assertThat(downloader.downloads.get()).isEqualTo(1);

        Clock afterLease = Clock.offset(
                Clock.systemUTC(),
                SETTINGS.timeout().plus(RequestYoutube.LEASE_MARGIN).plusMinutes(1));
        RequestYoutube later = instance(afterLease);
        downloader.releaseOnlyFrom(2);
        assertThat(later.apply(request).block(WAIT).duplicate()).isFalse();
        YoutubeDone done = (YoutubeDone) link.awaitOutcome(request.taskId(), 30);

        assertThat(downloader.downloads.get()).isEqualTo(2);
        assertThat(tracksOf(request))
                .extracting(View.TrackView::id)
                .containsExactly(done.tracks().get(0).id());
        assertThat(db.queryOne(
                        "SELECT runs FROM youtube_tasks WHERE task_id = '" + request.taskId() + "'", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void aRequestForAKnownTaskDownloadsWhatWasFirstAsked() throws Exception {
        YoutubeRequest request = request();
        RequestYoutube first = instance(Clock.systemUTC());
        first.apply(request).block(WAIT);
        assertThat(downloader.started.await(30, TimeUnit.SECONDS)).isTrue();
        first.close();

        downloader.release.countDown();
        YoutubeRequest changed = new YoutubeRequest(
                request.taskId(), request.deviceId(), "https://example.org/other", "another-playlist");
        instance(Clock.systemUTC()).apply(changed).block(WAIT);
        YoutubeDone done = (YoutubeDone) link.awaitOutcome(request.taskId(), 30);

        assertThat(done.playlistId()).isEqualTo(request.playlistId());
        assertThat(downloader.urls).containsOnly(request.url());
    }

    private RequestYoutube instance(Clock clock) {
        RequestYoutube instance = new RequestYoutube(
                SETTINGS, downloader, media, cloudTracks::register, tasks, link, Duration.ofMillis(100), clock);
        instances.add(instance);
        return instance;
    }

    private static YoutubeRequest request() {
        String id = UUID.randomUUID().toString();
        return new YoutubeRequest(id, "box-" + id.substring(0, 8), "https://example.org/watch?v=" + id, "p1");
    }

    private static String status(YoutubeRequest request) {
        return "SELECT status FROM youtube_tasks WHERE device_id = '" + request.deviceId() + "' AND task_id = '"
                + request.taskId() + "'";
    }

    private static List<View.TrackView> tracksOf(YoutubeRequest request) {
        return replica.view(request.deviceId()).block(WAIT).playlists().stream()
                .filter(p -> p.id().equals(request.playlistId()))
                .flatMap(p -> p.tracks().stream())
                .toList();
    }

    /**
     * Signals {@code started} when a download begins, then holds it until {@code release} (or until the job is
     * cancelled, as a real download process is killed).
     */
    static final class HeldDownloader implements Downloader {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger downloads = new AtomicInteger();
        final List<String> urls = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile int heldUpTo = Integer.MAX_VALUE;

        /** Downloads from the {@code n}th on run through at once; the earlier ones stay held. */
        void releaseOnlyFrom(int n) {
            heldUpTo = n - 1;
        }

        @Override
        public VideoInfo describe(SourceUrl url, Cancellation cancellation, Instant deadline) {
            urls.add(url.value());
            return new VideoInfo("v1", "A song", "A singer", 60.0, 1000L, List.of(), url.value(), "{}");
        }

        @Override
        public Path download(
                VideoInfo info,
                Path folder,
                long maxBytes,
                ProgressListener progress,
                Cancellation cancellation,
                Instant deadline) {
            int n = downloads.incrementAndGet();
            started.countDown();
            progress.onProgress(new Progress(10, 10L, 100, 1000L));
            while (n <= heldUpTo && release.getCount() > 0) {
                if (cancellation.isCancelled()) {
                    throw new DownloadFailed(DownloadFailed.Reason.CANCELLED, "The download was cancelled");
                }
                try {
                    release.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new DownloadFailed(DownloadFailed.Reason.CANCELLED, "The download was cancelled");
                }
            }
            progress.onProgress(new Progress(100, 0L, 1000, 1000L));
            try {
                return Files.write(folder.resolve("audio.mp3"), new byte[1000]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public AudioFacts inspect(Path audio, Cancellation cancellation, Instant deadline) {
            return new AudioFacts(60.0, List.of());
        }

        @Override
        public void cut(Path audio, Chapter chapter, Path target, Cancellation cancellation, Instant deadline) {
            throw new UnsupportedOperationException();
        }
    }
}
