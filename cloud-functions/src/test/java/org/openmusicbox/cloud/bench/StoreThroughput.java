package org.openmusicbox.cloud.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openmusicbox.cloud.store.ApplyLibraryChanges;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.PlaylistFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TrackFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.Outcome;

/**
 * Library changes applied into PostgreSQL per second, through {@link ApplyLibraryChanges} and
 * {@link PostgresStore}, on a fresh database ({@link TestDatabase}: the machine's server, else embedded).
 *
 * <p>D devices run at once, one thread each; each sends its share of the changes in batches of B and waits
 * for a batch's answer before sending the next (as a device waiting for its acks). Every change is in its
 * own transaction. A batch holds, in order: a playlist upsert every 10th batch, then track changes: 80 %
 * new tracks, 15 % a newer version of an earlier track of the device, 5 % a delete of an earlier track.
 * After the measured run, the same batches are sent again (every answer must be {@code duplicate}) and
 * timed as a second figure. A warm-up of 2,000 changes on other devices runs first and is not counted.
 *
 * <p>Options: {@code --changes N} (20000), {@code --batch B} (50), {@code --devices D} (4),
 * {@code --warmup N} (2000). Exit code 0 when every answer was the expected one, 1 otherwise.
 */
public final class StoreThroughput {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String SHA = "b".repeat(64);

    public static void main(String[] args) throws Exception {
        int changes = option(args, "--changes", 20_000);
        int batchSize = option(args, "--batch", 50);
        int devices = option(args, "--devices", 4);
        int warmup = option(args, "--warmup", 2_000);

        boolean ok;
        try (TestDatabase db = TestDatabase.create(devices + 2)) {
            new Migrations(db.connectionFactory()).apply().block(TIMEOUT);
            ApplyLibraryChanges handler = new ApplyLibraryChanges(new PostgresStore(db.connectionFactory()));
            System.out.printf(
                    Locale.ROOT,
                    "store throughput: %d changes, batches of %d, %d devices at once; %s%n",
                    changes,
                    batchSize,
                    devices,
                    db.describe());

            if (warmup > 0) {
                run(handler, workload("warm", devices, warmup / devices, batchSize));
            }
            List<List<LibraryChanges>> work = workload("box", devices, changes / devices, batchSize);
            Result first = run(handler, work);
            Result again = run(handler, work);

            long tracks = db.queryOne("SELECT count(*) FROM tracks WHERE device_id LIKE 'box-%'", Long.class);
            long live =
                    db.queryOne("SELECT count(*) FROM tracks WHERE device_id LIKE 'box-%' AND NOT deleted", Long.class);
            first.print("first delivery");
            again.print("same batches again");
            System.out.printf(
                    Locale.ROOT,
                    "rows: %d tracks (%d not deleted), %d applied_changes%n",
                    tracks,
                    live,
                    db.queryOne("SELECT count(*) FROM applied_changes WHERE device_id LIKE 'box-%'", Long.class));

            ok = first.outcomes.getOrDefault(Outcome.APPLIED, 0L) == first.changes
                    && again.outcomes.getOrDefault(Outcome.DUPLICATE, 0L) == again.changes;
            System.out.println(
                    ok
                            ? "check: every change applied once, every resend a duplicate"
                            : "check FAILED: unexpected outcomes");
        }
        System.exit(ok ? 0 : 1); // after close(), which drops the database
    }

    /** Each device's batches, in the order it sends them. */
    static List<List<LibraryChanges>> workload(String prefix, int devices, int perDevice, int batchSize) {
        List<List<LibraryChanges>> all = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            String device = prefix + "-" + d;
            java.util.Random random = new java.util.Random(d);
            List<LibraryChange> changes = new ArrayList<>(perDevice);
            long[] trackVersions = new long[perDevice + 1];
            int tracks = 0;
            int playlists = 0;
            int batch = 0;
            while (changes.size() < perDevice) {
                if (changes.size() % batchSize == 0 && batch++ % 10 == 0) {
                    playlists++;
                    changes.add(LibraryChange.upsert(
                            id(changes),
                            "p" + playlists,
                            1,
                            at(changes.size()),
                            new PlaylistFields("Playlist " + playlists, null)));
                    continue;
                }
                int roll = random.nextInt(100);
                if (roll < 80 || tracks < 10) {
                    tracks++;
                    trackVersions[tracks] = 1;
                    changes.add(track(id(changes), tracks, 1, playlists, changes.size()));
                } else {
                    int t = 1 + random.nextInt(tracks);
                    long version = ++trackVersions[t];
                    changes.add(
                            roll < 95
                                    ? track(id(changes), t, version, playlists, changes.size())
                                    : LibraryChange.delete(
                                            id(changes), Entity.TRACK, "t" + t, version, at(changes.size())));
                }
            }
            List<LibraryChanges> batches = new ArrayList<>();
            for (int i = 0; i < changes.size(); i += batchSize) {
                batches.add(new LibraryChanges(device, changes.subList(i, Math.min(changes.size(), i + batchSize))));
            }
            all.add(batches);
        }
        return all;
    }

    private static String id(List<LibraryChange> changes) {
        return "c" + changes.size();
    }

    private static String at(int n) {
        return Instant.parse("2026-11-26T00:00:00Z").plusSeconds(n).toString();
    }

    private static LibraryChange track(String changeId, int track, long version, int playlist, int n) {
        return LibraryChange.upsert(
                changeId,
                "t" + track,
                version,
                at(n),
                new TrackFields(
                        "p" + playlist,
                        track,
                        "Track " + track + " v" + version,
                        "Artist",
                        "Album",
                        180_000,
                        "media/" + SHA + ".mp3",
                        SHA,
                        3_000_000));
    }

    static Result run(ApplyLibraryChanges handler, List<List<LibraryChanges>> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<List<Object>>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (List<LibraryChanges> device : work) {
                futures.add(threads.submit(() -> {
                    List<Object> out = new ArrayList<>();
                    for (LibraryChanges batch : device) {
                        long t0 = System.nanoTime();
                        ChangeAcks acks = handler.apply(batch).block(TIMEOUT);
                        out.add((System.nanoTime() - t0) / 1e6);
                        out.add(acks);
                    }
                    return out;
                }));
            }
            List<Double> latencies = new ArrayList<>();
            Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
            long changes = 0;
            for (Future<List<Object>> f : futures) {
                List<Object> out = f.get();
                for (int i = 0; i < out.size(); i += 2) {
                    latencies.add((Double) out.get(i));
                    for (ChangeResult r : ((ChangeAcks) out.get(i + 1)).results()) {
                        outcomes.merge(r.outcome(), 1L, Long::sum);
                        changes++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(changes, latencies.size(), seconds, latencies, outcomes);
        } finally {
            threads.shutdownNow();
        }
    }

    record Result(long changes, int batches, double seconds, List<Double> latencies, Map<Outcome, Long> outcomes) {

        void print(String label) {
            double[] sorted =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d changes in %d batches in %.2f s = %.0f changes/s; batch latency ms p50 %.1f, p95 %.1f, "
                            + "p99 %.1f, max %.1f; outcomes %s%n",
                    label,
                    changes,
                    batches,
                    seconds,
                    changes / seconds,
                    pct(sorted, 50),
                    pct(sorted, 95),
                    pct(sorted, 99),
                    sorted[sorted.length - 1],
                    outcomes);
        }

        private static double pct(double[] sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private static int option(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
    }

    private StoreThroughput() {}
}
