package org.openmusicbox.cloud.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.media.AudioProbe;
import org.openmusicbox.cloud.media.PresignUpload;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.media.TestAudio;
import org.openmusicbox.cloud.media.TestS3;
import org.openmusicbox.cloud.media.UploadUrlRequest;
import org.openmusicbox.cloud.media.UploadUrls;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/**
 * Upload processing throughput: {@link ProcessUpload} against s3proxy in this JVM (objects as files in a temp
 * directory) with the real {@link PostgresStore} on a fresh database ({@link TestDatabase}).
 *
 * <p>For each set (by default 200 WAV files of 1 MB, then 20 of 20 MB, every file different): the files are
 * written to disk and put into {@code incoming/} through presigned PUTs (java.net.http; timed apart), then C
 * workers process them, each waiting for one {@code UploadReady}'s result before taking the next. A file's
 * latency is the time {@code apply(ready).block()} takes: head, streamed fetch with sha256, probe, put under
 * {@code media/<sha256>.wav}, receipt, track row, delete. A warm-up of 20 small files runs first.
 *
 * <p>Options: {@code --small N} (200), {@code --small-mb M} (1), {@code --large N} (20), {@code --large-mb M}
 * (20), {@code --workers C} (2), {@code --warmup N} (20), {@code --out FILE} (a JSON summary). Exit code 0
 * when every upload ended {@code done} with one object per file, 1 otherwise.
 */
public final class UploadThroughput {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String DEVICE = "bench-box";
    private static final long MB = 1_000_000;

    private record SetResult(
            String name,
            int files,
            long bytes,
            double uploadSeconds,
            double processSeconds,
            long[] latencyMs,
            int done) {

        double filesPerSecond() {
            return files / processSeconds;
        }

        double mbPerSecond() {
            return bytes / (double) MB / processSeconds;
        }

        long percentile(double p) {
            long[] sorted = latencyMs.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    public static void main(String[] args) throws Exception {
        int small = option(args, "--small", 200);
        int smallMb = option(args, "--small-mb", 1);
        int large = option(args, "--large", 20);
        int largeMb = option(args, "--large-mb", 20);
        int workers = option(args, "--workers", 2);
        int warmup = option(args, "--warmup", 20);
        String out = stringOption(args, "--out", null);

        Path root = Files.createTempDirectory("omb-upload-bench-");
        Path blobs = Files.createDirectories(root.resolve("s3"));
        Path files = Files.createDirectories(root.resolve("files"));
        Path work = Files.createDirectories(root.resolve("work"));
        boolean ok = true;
        List<SetResult> results = new ArrayList<>();
        try (TestS3 s3 = TestS3.startOnDisk(blobs);
                TestDatabase db = TestDatabase.create(workers + 2)) {
            new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
            S3MediaStore media = s3.newStore();
            ProcessUpload process = new ProcessUpload(
                    media,
                    new AudioProbe(),
                    new PostgresStore(db.connectionFactory()),
                    new RecordingDeviceLink(),
                    Long.MAX_VALUE / 2,
                    work);
            PresignUpload presign = new PresignUpload(
                    media,
                    Long.MAX_VALUE / 2,
                    Duration.ofMinutes(30),
                    Long.MAX_VALUE / 2,
                    PresignUpload.DEFAULT_PART_BYTES);
            System.out.printf(
                    Locale.ROOT,
                    "upload processing: %d x %d MB, %d x %d MB, %d workers; s3proxy on %s " + "(filesystem), %s%n",
                    small,
                    smallMb,
                    large,
                    largeMb,
                    workers,
                    s3.endpoint(),
                    db.describe());

            int seed = 0;
            if (warmup > 0) {
                runSet("warmup", warmup, smallMb, seed, workers, files, presign, process);
                seed += warmup;
            }
            if (small > 0) {
                results.add(runSet("small", small, smallMb, seed, workers, files, presign, process));
                seed += small;
            }
            if (large > 0) {
                results.add(runSet("large", large, largeMb, seed, workers, files, presign, process));
                seed += large;
            }
            int expectedObjects = seed;
            int objects = s3.keys(media, "media/").size();
            int incoming = s3.keys(media, "incoming/").size();
            long rows = db.queryOne("SELECT count(*) FROM tracks", Long.class);
            System.out.printf(
                    Locale.ROOT,
                    "objects under media/: %d (expected %d), left in incoming/: %d, " + "track rows: %d%n",
                    objects,
                    expectedObjects,
                    incoming,
                    rows);
            ok = objects == expectedObjects
                    && incoming == 0
                    && rows == expectedObjects
                    && results.stream().allMatch(r -> r.done() == r.files());
        } finally {
            deleteTree(root);
        }
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        System.out.printf(
                Locale.ROOT,
                "JVM: max heap %d MiB, peak heap used (sum of pools' peaks) %d MiB%n",
                Runtime.getRuntime().maxMemory() >> 20,
                heapPeak >> 20);
        if (out != null) {
            writeJson(Path.of(out), results, workers, heapPeak);
            System.out.println("written " + out);
        }
        System.out.println(ok ? "OK" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static SetResult runSet(
            String name,
            int count,
            int mb,
            int firstSeed,
            int workers,
            Path dir,
            PresignUpload presign,
            ProcessUpload process)
            throws Exception {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(name + "-" + i + ".wav");
            TestAudio.writeWav(file, mb * MB, firstSeed + i);
            paths.add(file);
        }
        HttpClient http = HttpClient.newHttpClient();
        List<UploadReady> readies = new ArrayList<>();
        long uploadStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Path file = paths.get(i);
            long size = Files.size(file);
            UploadUrls urls = presign.apply(
                            new UploadUrlRequest(DEVICE, file.getFileName().toString(), size, "audio/wav"))
                    .block(TIMEOUT);
            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(urls.url()))
                            .header("Content-Type", urls.contentType())
                            .PUT(HttpRequest.BodyPublishers.ofFile(file))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT answered " + put.statusCode() + ": " + put.body());
            }
            readies.add(new UploadReady(
                    name + "-req-" + i,
                    DEVICE,
                    "pl-" + name,
                    name + "-track-" + i,
                    urls.objectKey(),
                    file.getFileName().toString(),
                    size,
                    null));
        }
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        for (Path p : paths) {
            Files.delete(p);
        }

        long[] latency = new long[count];
        int[] done = new int[1];
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    UploadResult result = process.apply(readies.get(i)).block(TIMEOUT);
                    latency[i] = (System.nanoTime() - t0) / 1_000_000;
                    if (result.status() == UploadResult.Status.DONE) {
                        synchronized (done) {
                            done[0]++;
                        }
                    } else {
                        System.out.println(
                                "  " + readies.get(i).requestId() + ": " + result.errorType() + " " + result.message());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long bytes = readies.stream().mapToLong(UploadReady::declaredSize).sum();
        SetResult r = new SetResult(name, count, bytes, uploadSeconds, seconds, latency, done[0]);
        System.out.printf(
                Locale.ROOT,
                "%-6s %4d files x %2d MB: presigned PUTs %.1f s (%.0f MB/s); processing %.2f s:"
                        + " %.1f files/s, %.1f MB/s; per file p50 %d ms, p95 %d ms, max %d ms; done %d/%d%n",
                name,
                count,
                mb,
                uploadSeconds,
                bytes / (double) MB / uploadSeconds,
                seconds,
                r.filesPerSecond(),
                r.mbPerSecond(),
                r.percentile(50),
                r.percentile(95),
                r.percentile(100),
                r.done(),
                count);
        return r;
    }

    private static void writeJson(Path file, List<SetResult> results, int workers, long heapPeak) throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"date\": \"").append(Instant.now()).append("\",\n");
        json.append("  \"workers\": ").append(workers).append(",\n");
        json.append("  \"java\": \"").append(System.getProperty("java.version")).append("\",\n");
        json.append("  \"cpus\": ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(",\n");
        json.append("  \"max_heap_mib\": ")
                .append(Runtime.getRuntime().maxMemory() >> 20)
                .append(",\n");
        json.append("  \"peak_heap_used_mib\": ").append(heapPeak >> 20).append(",\n");
        json.append("  \"sets\": [\n");
        for (int i = 0; i < results.size(); i++) {
            SetResult r = results.get(i);
            json.append(String.format(
                    Locale.ROOT,
                    "    {\"name\": \"%s\", \"files\": %d, \"bytes\": %d, "
                            + "\"upload_s\": %.3f, \"process_s\": %.3f, \"files_per_s\": %.2f, \"mb_per_s\": %.2f, "
                            + "\"p50_ms\": %d, \"p95_ms\": %d, \"max_ms\": %d, \"done\": %d}%s%n",
                    r.name(),
                    r.files(),
                    r.bytes(),
                    r.uploadSeconds(),
                    r.processSeconds(),
                    r.filesPerSecond(),
                    r.mbPerSecond(),
                    r.percentile(50),
                    r.percentile(95),
                    r.percentile(100),
                    r.done(),
                    i < results.size() - 1 ? "," : ""));
        }
        json.append("  ]\n}\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int option(String[] args, String name, int fallback) {
        String value = stringOption(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String stringOption(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private UploadThroughput() {}
}
