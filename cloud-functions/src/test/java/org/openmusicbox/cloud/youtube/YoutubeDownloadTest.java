package org.openmusicbox.cloud.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.MediaStore;
import org.openmusicbox.cloud.media.TestS3;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.cloud.youtube.postgres.PostgresYoutubeTasks;
import org.openmusicbox.cloud.youtube.ytdlp.YtDlp;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;

/**
 * End to end with the real tools: yt-dlp's generic extractor downloads generated audio from a loopback HTTP
 * server, ffmpeg/ffprobe look at and split it, the files go to S3 (s3proxy) and the tracks to PostgreSQL.
 * Skipped where yt-dlp or ffmpeg is not installed (CI installs the Debian packages).
 */
class YoutubeDownloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DEVICE = "box-yt-1";
    private static final String PLAYLIST = "playlist-yt";

    private static TestS3 s3;
    private static TestDatabase db;
    private static PostgresStore store;
    private static HttpServer server;
    private static String base;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private static byte[] tone;
    private static byte[] chaptered;

    private S3MediaStore media;
    private RecordingDeviceLink link;
    private RequestYoutube handler;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(runs("yt-dlp", "--version"), "yt-dlp is not installed (apt-get install -y yt-dlp)");
        assumeTrue(runs("ffmpeg", "-version"), "ffmpeg is not installed (apt-get install -y ffmpeg)");
        assumeTrue(runs("ffprobe", "-version"), "ffprobe is not installed (apt-get install -y ffmpeg)");
        tone = Files.readAllBytes(ffmpeg(
                dir,
                "tone.mp3",
                List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:a", "libmp3lame", "-b:a", "64k")));
        Path meta = Files.writeString(dir.resolve("chapters.txt"), """
                ;FFMETADATA1
                title=Two stories
                [CHAPTER]
                TIMEBASE=1/1000
                START=0
                END=3000
                title=The fox
                [CHAPTER]
                TIMEBASE=1/1000
                START=3000
                END=6000
                title=The owl
                """);
        chaptered = Files.readAllBytes(ffmpeg(
                dir,
                "chapters.mp3",
                List.of(
                        "-i",
                        dir.resolve("tone.mp3").toString(),
                        "-i",
                        meta.toString(),
                        "-map_metadata",
                        "1",
                        "-map_chapters",
                        "1",
                        "-c",
                        "copy")));

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        serve("/tone.mp3", ex -> send(ex, 200, "audio/mpeg", tone));
        serve("/tone2.mp3", ex -> send(ex, 200, "audio/mpeg", tone));
        serve("/chapters.mp3", ex -> send(ex, 200, "audio/mpeg", chaptered));
        serve("/missing.mp3", ex -> send(ex, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8)));
        serve(
                "/page.html",
                ex -> send(
                        ex,
                        200,
                        "text/html",
                        ("<html><head><title>Nothing</title></head>" + "<body><p>No media here.</p></body></html>")
                                .getBytes(StandardCharsets.UTF_8)));
        serve("/long.mp3", ex -> send(ex, 200, "audio/mpeg", tone));
        serve("/slow.mp3", YoutubeDownloadTest::sendSlowly);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        serve(
                "/long.html",
                ex -> send(
                        ex,
                        200,
                        "text/html",
                        ("<html><head><title>Long</title>"
                                        + "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"VideoObject\","
                                        + "\"name\":\"A very long story\",\"contentUrl\":\"" + base
                                        + "/long.mp3\",\"duration\":\"PT4H\","
                                        + "\"uploadDate\":\"2024-01-01\",\"thumbnailUrl\":\"" + base
                                        + "/x.jpg\",\"description\":\"x\"}"
                                        + "</script></head><body>x</body></html>")
                                .getBytes(StandardCharsets.UTF_8)));

        s3 = TestS3.start();
        db = TestDatabase.create();
        new Migrations(db.connectionFactory()).apply().block(Duration.ofSeconds(60));
        store = new PostgresStore(db.connectionFactory());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (db != null) {
            db.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void closeHandler() {
        if (handler != null) {
            handler.close();
        }
    }

    private void startHandler(YoutubeSettings settings) {
        media = s3.newStore();
        link = new RecordingDeviceLink();
        handler = new RequestYoutube(
                settings,
                new YtDlp(settings.ytDlp(), settings.ffmpeg()),
                media,
                store::registerTrack,
                new PostgresYoutubeTasks(db.connectionFactory(), new JsonCodec()),
                link);
    }

    @Test
    void downloadsAudioIntoS3AndTheStoreWithProgressInOrder() throws Exception {
        startHandler(YoutubeSettings.defaults());
        String task = newTask();

        handler.apply(request(task, base + "/tone.mp3")).block(WAIT);
        Object outcome = link.awaitOutcome(task, 60);

        assertThat(outcome).isInstanceOf(YoutubeDone.class);
        YoutubeDone done = (YoutubeDone) outcome;
        assertThat(done.playlistId()).isEqualTo(PLAYLIST);
        assertThat(done.tracks()).hasSize(1);
        CloudTrack track = done.tracks().get(0);
        assertThat(track.title()).isEqualTo("tone");
        assertThat(track.durationMs()).isBetween(5_500L, 6_500L);
        assertThat(track.format()).isEqualTo("mp3");
        assertInS3AndStore(track);
        assertThat(track.fileSize()).isEqualTo(tone.length);
        assertProgressInOrder(task, "completed");
    }

    @Test
    void splitsChaptersEmbeddedInTheFileIntoTracks() throws Exception {
        startHandler(YoutubeSettings.defaults());
        String task = newTask();

        handler.apply(request(task, base + "/chapters.mp3")).block(WAIT);
        YoutubeDone done = (YoutubeDone) link.awaitOutcome(task, 60);

        assertThat(done.tracks()).extracting(CloudTrack::title).containsExactly("The fox", "The owl");
        assertThat(done.tracks()).extracting(CloudTrack::trackNumber).containsExactly(1, 2);
        assertThat(done.tracks()).allSatisfy(t -> {
            assertThat(t.durationMs()).isBetween(2_500L, 3_500L);
            assertThat(t.album()).isEqualTo("chapters");
        });
        assertThat(done.tracks().get(0).sha256())
                .isNotEqualTo(done.tracks().get(1).sha256());
        for (CloudTrack t : done.tracks()) {
            assertInS3AndStore(t);
        }
        assertProgressInOrder(task, "completed");
    }

    @Test
    void aMissingVideoOrAPageWithoutMediaIsAClearErrorAndTheWorkerGoesOn() throws Exception {
        startHandler(YoutubeSettings.defaults().withWorkers(1));
        String missing = newTask();
        String page = newTask();
        String good = newTask();

        handler.apply(request(missing, base + "/missing.mp3")).block(WAIT);
        handler.apply(request(page, base + "/page.html")).block(WAIT);
        handler.apply(request(good, base + "/tone2.mp3")).block(WAIT);

        YoutubeFailed notFound = (YoutubeFailed) link.awaitOutcome(missing, 60);
        assertThat(notFound.message()).isEqualTo("This video is unavailable");
        assertThat(notFound.errorType()).isEqualTo(YoutubeFailed.UNAVAILABLE);
        YoutubeFailed noMedia = (YoutubeFailed) link.awaitOutcome(page, 60);
        assertThat(noMedia.message()).isEqualTo("The link does not lead to audio or video");
        assertThat(link.awaitOutcome(good, 60)).isInstanceOf(YoutubeDone.class);
        assertProgressInOrder(missing, "error");
        assertProgressInOrder(good, "completed");
    }

    @Test
    void aVideoOverTheDurationLimitIsRefusedBeforeAnyAudioIsFetched() throws Exception {
        startHandler(YoutubeSettings.defaults());
        String task = newTask();

        handler.apply(request(task, base + "/long.html")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome(task, 60);

        assertThat(failed.message()).isEqualTo("Longer than the 3-hour limit");
        assertThat(failed.errorType()).isEqualTo(YoutubeFailed.TOO_LONG);
        // yt-dlp's generic extractor may open the media URL while reading the page (to check it exists), so the
        // proof that no download started is that the job never got to its download step.
        assertThat(link.progress(task)).extracting(YoutubeProgress::currentStep).doesNotContain("Downloading audio");
        assertProgressInOrder(task, "error");
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws Exception {
        startHandler(YoutubeSettings.defaults().withLimits(10_800, 20_000));
        String task = newTask();

        handler.apply(request(task, base + "/tone.mp3")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome(task, 60);

        assertThat(failed.message()).isEqualTo("Larger than the 20000 bytes limit");
        assertThat(failed.errorType()).isEqualTo(YoutubeFailed.TOO_LARGE);
    }

    @Test
    void aMissingYtDlpIsAClearError() throws Exception {
        startHandler(YoutubeSettings.defaults().withPrograms("/nonexistent/yt-dlp", "ffmpeg"));
        String task = newTask();

        handler.apply(request(task, base + "/tone.mp3")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome(task, 30);

        assertThat(failed.message())
                .isEqualTo("The server cannot run yt-dlp; it is not installed where the " + "configuration says");
        assertThat(failed.errorType()).isEqualTo(YoutubeFailed.INTERNAL_ERROR);
    }

    @Test
    void aSlowDownloadDoesNotHoldUpAnotherAndCanBeCancelled() throws Exception {
        startHandler(YoutubeSettings.defaults().withWorkers(2));
        String slow = newTask();
        String quick = newTask();

        handler.apply(request(slow, base + "/slow.mp3")).block(WAIT);
        link.await(
                s -> slow.equals(RecordingDeviceLink.taskIdOf(s.message()))
                        && s.message() instanceof YoutubeProgress p
                        && p.progressPercent() > 0,
                30);
        handler.apply(request(quick, base + "/tone.mp3")).block(WAIT);

        assertThat(link.awaitOutcome(quick, 30)).isInstanceOf(YoutubeDone.class);
        assertThat(link.forTask(slow))
                .noneMatch(s -> s.message() instanceof YoutubeDone || s.message() instanceof YoutubeFailed);
        assertThat(handler.cancel(DEVICE, slow)).isTrue();
        YoutubeFailed cancelled = (YoutubeFailed) link.awaitOutcome(slow, 15);
        assertThat(cancelled.message()).isEqualTo("The download was cancelled");
        assertNoToolLeftRunning();
        List<YoutubeProgress> progress = link.progress(slow);
        assertThat(progress)
                .filteredOn(p -> p.status().equals("downloading"))
                .size()
                .isGreaterThan(1);
        assertProgressInOrder(slow, "error");
    }

    @Test
    void aDownloadOverTheTimeLimitIsKilled() throws Exception {
        startHandler(YoutubeSettings.defaults().withTimeout(Duration.ofSeconds(3)));
        String task = newTask();

        handler.apply(request(task, base + "/slow.mp3")).block(WAIT);
        YoutubeFailed failed = (YoutubeFailed) link.awaitOutcome(task, 30);

        assertThat(failed.message()).isEqualTo("The download took too long and was stopped");
        assertNoToolLeftRunning();
    }

    /** yt-dlp and the ffmpeg it starts are gone once a job has ended. */
    private static void assertNoToolLeftRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left;
        do {
            left = ProcessHandle.current()
                    .descendants()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse("?"))
                    .filter(c -> c.contains("yt-dlp") || c.contains("ffmpeg"))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("processes left running").isEmpty();
    }

    private void assertInS3AndStore(CloudTrack track) {
        assertThat(track.objectKey()).isEqualTo("media/" + track.sha256() + ".mp3");
        MediaStore.ObjectInfo object = media.head(track.objectKey()).block(WAIT);
        assertThat(object).isNotNull();
        assertThat(object.size()).isEqualTo(track.fileSize());
        assertThat(object.contentType()).isEqualTo("audio/mpeg");
        assertThat(object.metadata()).containsEntry("title", track.title()).containsEntry("sha256", track.sha256());
        assertThat(db.queryOne(
                        "SELECT object_key FROM tracks WHERE device_id = '" + DEVICE + "' AND track_id = '" + track.id()
                                + "'",
                        String.class))
                .isEqualTo(track.objectKey());
    }

    /** Statuses only move forward, the percent never drops, at most 2 a second within a status. */
    private void assertProgressInOrder(String task, String lastStatus) {
        List<RecordingDeviceLink.Published> sent = link.forTask(task).stream()
                .filter(s -> s.message() instanceof YoutubeProgress)
                .toList();
        List<String> order = List.of("pending", "downloading", "processing", "completed", "error");
        assertThat(sent).isNotEmpty();
        YoutubeProgress first = (YoutubeProgress) sent.get(0).message();
        assertThat(first.status()).isEqualTo("pending");
        for (int i = 1; i < sent.size(); i++) {
            YoutubeProgress before = (YoutubeProgress) sent.get(i - 1).message();
            YoutubeProgress now = (YoutubeProgress) sent.get(i).message();
            assertThat(order.indexOf(now.status()))
                    .as("status order at %d", i)
                    .isGreaterThanOrEqualTo(order.indexOf(before.status()));
            assertThat(now.progressPercent()).as("percent at %d", i).isGreaterThanOrEqualTo(before.progressPercent());
            if (now.status().equals(before.status())) {
                assertThat(sent.get(i).atNanos() - sent.get(i - 1).atNanos())
                        .as("interval at %d", i)
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(490));
            }
        }
        YoutubeProgress last = (YoutubeProgress) sent.get(sent.size() - 1).message();
        assertThat(last.status()).isEqualTo(lastStatus);
        if (lastStatus.equals("completed")) {
            assertThat(last.progressPercent()).isEqualTo(100.0);
        }
    }

    private static YoutubeRequest request(String task, String url) {
        return new YoutubeRequest(task, DEVICE, url, PLAYLIST);
    }

    private static String newTask() {
        return "task-" + UUID.randomUUID();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void serve(String path, Handler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            } catch (IOException e) {
                // The client went away (a cancelled or refused download).
            }
        });
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The tone, 2 KiB every 100 ms: about 2.5 s for the whole file (unless cancelled sooner). */
    private static void sendSlowly(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        byte[] body = new byte[tone.length * 8];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(tone, 0, body, i * tone.length, tone.length);
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int at = 0; at < body.length; at += 2048) {
                out.write(body, at, Math.min(2048, body.length - at));
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path ffmpeg(Path dir, String name, List<String> args) throws Exception {
        Path target = dir.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error"));
        command.addAll(args);
        command.add(target.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return target;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
