package org.openmusicbox.edge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.audio.silent.SilentOutput;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;

/**
 * Benchmark (not a test): the time from sending {@code POST /api/playlists/{id}/start}, or from
 * placing a linked tag on the simulated reader, to the first PCM written to the audio output for
 * that start, through the whole agent in this JVM (HTTP,
 * box thread, player, deck, lavaplayer decoding of a real file). The output is the silent one,
 * paced like a sound card, wrapped so that it notes when the first write after a flush comes (the
 * deck flushes the output whenever a track starts).
 *
 * <p>Each run: {@code POST /api/player/stop}, arm the output, t0, {@code POST .../start
 * {"from_beginning": true}}, wait for the first write t1; t1 - t0 is one figure. Runs
 * {@code args[0]} times (default 50) for each kind of file and prints p50, p95 and max. The same with
 * a tag: stop, lift the tag, arm, t0, {@code POST /api/nfc/simulator/tags/{tag}}, first write (the
 * playlist resumes where the stop left it, as a tag does). It writes
 * nothing but a temporary data directory, which it deletes.
 *
 * <p>Run it with {@code bench/playback/start-latency.sh}.
 */
public final class StartLatency {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final long TONE_MS = 10_000;

    private StartLatency() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Path dir = Files.createTempDirectory("omb-start-latency");
        int exit = 0;
        try {
            exit = run(dir, runs);
        } finally {
            deleteTree(dir);
        }
        System.exit(exit);
    }

    private static int run(Path dir, int runs) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> playlists = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        try (Database db = Database.open(data)) {
            SqliteLibrary library = new SqliteLibrary(db);
            Path media = library.mediaDir();
            playlists.put(
                    "WAV 44.1 kHz stereo",
                    playlist(
                            library,
                            "wav44",
                            List.of(
                                    ToneFiles.wav(media, "wav44-1.wav", 440, TONE_MS, 44_100, 2),
                                    ToneFiles.wav(media, "wav44-2.wav", 550, TONE_MS, 44_100, 2),
                                    ToneFiles.wav(media, "wav44-3.wav", 660, TONE_MS, 44_100, 2))));
            playlists.put(
                    "WAV 48 kHz stereo",
                    playlist(
                            library,
                            "wav48",
                            List.of(
                                    ToneFiles.wav(media, "wav48-1.wav", 440, TONE_MS, 48_000, 2),
                                    ToneFiles.wav(media, "wav48-2.wav", 550, TONE_MS, 48_000, 2),
                                    ToneFiles.wav(media, "wav48-3.wav", 660, TONE_MS, 48_000, 2))));
            playlists.put(
                    "MP3 44.1 kHz 128 kbit/s",
                    playlist(
                            library,
                            "mp3",
                            List.of(
                                    ToneFiles.mp3(media, "mp3-1.mp3", 440, TONE_MS),
                                    ToneFiles.mp3(media, "mp3-2.mp3", 550, TONE_MS),
                                    ToneFiles.mp3(media, "mp3-3.mp3", 660, TONE_MS))));
            int n = 0;
            for (Map.Entry<String, String> p : playlists.entrySet()) {
                String tag = String.format("04a1b2c3d4e5%02x", ++n);
                library.linkTag(p.getValue(), tag).orElseThrow();
                tags.put(p.getKey(), tag);
            }
        }

        MeasuringOutput output = new MeasuringOutput(new SilentOutput(DeviceStatus.silent("benchmark")));
        EdgeConfig config = ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        // Parent access has its own tests (ParentAccessTest, auth.test.mjs); these are about other
                        // things.
                        "omb.auth.mode", "off",
                        "omb.data-dir", data.toString(),
                        "omb.bind", "127.0.0.1",
                        "omb.http.port", "0",
                        "omb.socketio.port", "0",
                        "omb.audio.output", "silent",
                        // Every run stops and starts the player; the limit a phone gets would stop the benchmark.
                        "omb.player.controls-per-minute", "100000"));
        try (EdgeAgent agent = EdgeAgent.start(config, name -> output)) {
            String base = "http://127.0.0.1:" + agent.httpPort();
            System.out.printf(
                    "POST /api/playlists/{id}/start {\"from_beginning\":true} -> first PCM write to the output, %d runs each%n",
                    runs);
            for (Map.Entry<String, String> p : playlists.entrySet()) {
                String path = "/api/playlists/" + p.getValue() + "/start";
                report(p.getKey(), runs, () -> once(base, null, path, "{\"from_beginning\":true}", output));
            }
            System.out.printf(
                    "POST /api/nfc/simulator/tags/{tag} (a linked tag placed; it resumes where its playlist"
                            + " was) -> first PCM write, %d runs each%n",
                    runs);
            for (Map.Entry<String, String> t : tags.entrySet()) {
                String path = "/api/nfc/simulator/tags/" + t.getValue();
                report(t.getKey(), runs, () -> once(base, path, path, "", output));
            }
            post(base, "/api/player/stop", "{}");
        } catch (BenchmarkFailure e) {
            System.out.println("FAILED: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private interface Run {
        double[] once() throws Exception;
    }

    private static void report(String what, int runs, Run run) throws Exception {
        double[] ms = new double[runs];
        double[] answered = new double[runs];
        for (int i = 0; i < runs; i++) {
            double[] one = run.once();
            ms[i] = one[0];
            answered[i] = one[1];
        }
        double first = ms[0];
        Arrays.sort(ms);
        Arrays.sort(answered);
        System.out.printf(
                "  %-24s p50 %6.1f ms   p95 %6.1f ms   max %6.1f ms   (min %.1f, first run %.1f;"
                        + " HTTP answer p50 %.1f, p95 %.1f)%n",
                what,
                percentile(ms, 0.50),
                percentile(ms, 0.95),
                ms[ms.length - 1],
                ms[0],
                first,
                percentile(answered, 0.50),
                percentile(answered, 0.95));
    }

    /**
     * One stop (and lift of {@code liftPath}, when given), arm, t0, POST {@code path}, first write.
     * Returns t1 - t0 and the time to the HTTP answer, in milliseconds; the answer comes when the
     * box thread has told the deck to play (for a tag: when the reader has reported it), the
     * first write when the deck has opened the file and decoded its first frame.
     */
    private static double[] once(String base, String liftPath, String path, String body, MeasuringOutput output)
            throws Exception {
        post(base, "/api/player/stop", "{}");
        if (liftPath != null) {
            send(HttpRequest.newBuilder(URI.create(base + liftPath))
                    .timeout(DEADLINE)
                    .DELETE()
                    .build());
        }
        output.arm();
        HttpClient client = client();
        HttpRequest start = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(DEADLINE)
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(start, HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new BenchmarkFailure("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        long t1 = output.awaitFirstWrite(DEADLINE);
        if (t1 < 0) {
            throw new BenchmarkFailure("no audio written within " + DEADLINE + " of POST " + path);
        }
        return new double[] {(t1 - t0) / 1e6, (answered - t0) / 1e6};
    }

    private static void post(String base, String path, String body) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(DEADLINE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new BenchmarkFailure(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * A client, and so a connection, per request: with reactor-netty 1.3.6 about 1 in 150 requests
     * that follows another at once on a kept-alive connection is never answered. The connection
     * set-up on loopback (well under 1 ms) is part of every figure.
     */
    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    private static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String playlist(Library library, String title, List<Path> files) throws IOException {
        String id = library.create(title, "start latency benchmark").id();
        for (Path file : files) {
            library.addTrack(
                    id,
                    new Library.NewTrack(
                            file.getFileName().toString(),
                            file.getFileName().toString(),
                            file.toAbsolutePath().toString(),
                            TONE_MS,
                            "Benchmark",
                            "Tones",
                            Files.size(file)));
        }
        return id;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final class BenchmarkFailure extends RuntimeException {
        BenchmarkFailure(String message) {
            super(message);
        }
    }

    /**
     * Passes everything to a silent output and notes {@link System#nanoTime()} at the first write
     * after a flush, once armed. The deck flushes when a track starts (and on stop), so after
     * "stop, arm, start" the first write after the last flush is the new track's first PCM.
     */
    static final class MeasuringOutput implements AudioOutput {
        private final AudioOutput delegate;
        private boolean armed;
        private boolean flushedSinceArmed;
        private long firstWrite = -1;

        MeasuringOutput(AudioOutput delegate) {
            this.delegate = delegate;
        }

        synchronized void arm() {
            armed = true;
            flushedSinceArmed = false;
            firstWrite = -1;
        }

        /** Waits for the first write after a flush since {@link #arm()}; its nanoTime, or -1 after the timeout. */
        synchronized long awaitFirstWrite(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (firstWrite < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            armed = false;
            return firstWrite;
        }

        @Override
        public DeviceStatus status() {
            return delegate.status();
        }

        @Override
        public void write(byte[] pcm, int offset, int length) {
            long now = System.nanoTime();
            synchronized (this) {
                if (armed && flushedSinceArmed && firstWrite < 0) {
                    firstWrite = now;
                    notifyAll();
                }
            }
            delegate.write(pcm, offset, length);
        }

        @Override
        public void flush() {
            synchronized (this) {
                if (armed) {
                    flushedSinceArmed = true;
                    firstWrite = -1;
                }
            }
            delegate.flush();
        }

        @Override
        public void pause() {
            delegate.pause();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
