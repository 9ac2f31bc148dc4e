package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * The SQLite library against the reference model: after random library writes (with restarts and a wall clock
 * that jumps back a day), the outbox's changes, applied to a {@link Replica} shuffled and duplicated, give the
 * view the library itself shows. Half of the runs also drain the outbox on the way, as the publisher will, into
 * a replica that then gets the rest. {@code -Doutbox.seed=N} replays one run.
 */
class OutboxReplicaTest {

    private static final int RUNS = 60;
    private static final int WRITES = 80;
    private static final List<String> TAGS = List.of("04a1", "04b2", "04c3", "04d4");
    private static final List<String> WORDS = List.of("Bedtime", "Car", "Lullabies \"soft\"", "L'été", "", "Zoo");

    @TempDir
    Path tmp;

    @Test
    void theOutboxRebuildsTheLibraryInTheReferenceModel() {
        String replay = System.getProperty("outbox.seed");
        long first = replay != null ? Long.parseLong(replay) : System.nanoTime();
        int runs = replay != null ? 1 : RUNS;
        System.out.println("OutboxReplicaTest: seeds " + first + ".." + (first + runs - 1));
        for (int run = 0; run < runs; run++) {
            long seed = first + run;
            try {
                run(tmp.resolve("run-" + run), seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed; replay with -Doutbox.seed=" + seed, e);
            }
        }
    }

    private static void run(Path dir, long seed) {
        Random random = new Random(seed);
        AtomicLong wall = new AtomicLong(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli());
        boolean drains = random.nextBoolean();
        Replica cloud = new Replica("cloud-test", new Hlc(wall::get));
        List<FieldChange> received = new ArrayList<>();
        Database db = Database.open(dir);
        try {
            Library library = new SqliteLibrary(db, wall::get);
            for (int i = 0; i < WRITES; i++) {
                wall.addAndGet(random.nextInt(3_000));
                if (random.nextInt(25) == 0) {
                    // A restart with the clock a day behind: stamps must still rise.
                    db.close();
                    wall.addAndGet(-Duration.ofDays(1).toMillis());
                    db = Database.open(dir);
                    library = new SqliteLibrary(db, wall::get);
                }
                write(library, random);
                if (drains && random.nextInt(4) == 0) {
                    drain(new SqliteOutbox(db), cloud, received, random);
                }
                if (i % 20 == 19 || i == WRITES - 1) {
                    check(db, library, drains ? cloud : null, received, wall, random);
                }
            }
        } finally {
            db.close();
        }
    }

    /** What the publisher will do: send the oldest entries and remove each once the cloud has it. */
    private static void drain(Outbox outbox, Replica cloud, List<FieldChange> received, Random random) {
        for (Outbox.Entry e : outbox.oldest(1 + random.nextInt(6))) {
            FieldChange change = OutboxRecords.change(e);
            cloud.apply(change);
            received.add(change);
            outbox.remove(e.changeId());
        }
    }

    private static void check(
            Database db, Library library, Replica drained, List<FieldChange> received, AtomicLong wall, Random random) {
        List<FieldChange> pending = new ArrayList<>();
        for (Outbox.Entry e : new SqliteOutbox(db).oldest(Integer.MAX_VALUE)) {
            pending.add(OutboxRecords.change(e));
        }
        List<FieldChange> delivery = new ArrayList<>(pending);
        for (FieldChange c : pending) {
            if (random.nextInt(3) == 0) {
                delivery.add(c);
            }
        }
        Collections.shuffle(delivery, random);
        Replica replica;
        if (drained == null) {
            replica = new Replica("cloud-test", new Hlc(wall::get));
        } else {
            // The drained replica goes on from where it is; it also sees old changes again, as after a resend.
            replica = drained;
            for (FieldChange old : received) {
                if (random.nextInt(5) == 0) {
                    delivery.add(random.nextInt(delivery.size() + 1), old);
                }
            }
        }
        delivery.forEach(replica::apply);
        assertEquals(viewOf(library), replica.view());
        if (drained == null) {
            // Nothing drained: the outbox holds one entry per field, with the stamp field_stamps holds.
            assertEquals(stampsOf(replica), new TreeSet<>(OutboxRecords.rows(db, "field_stamps")));
            assertEquals(OutboxRecords.rows(db, "field_stamps").size(), pending.size(), "one entry per field");
        }
    }

    private static Set<String> stampsOf(Replica replica) {
        Set<String> rows = new TreeSet<>();
        replica.state()
                .forEach((key, fields) ->
                        fields.forEach((field, v) -> rows.add(SyncLog.name(key.entity()) + "|" + key.id() + "|" + field
                                + "|" + v.stamp().hlc() + "|" + v.stamp().origin() + "|"
                                + ChangeValues.encode(v.value()))));
        return rows;
    }

    /** What the box's own library shows, in the model's terms. */
    static View viewOf(Library library) {
        List<View.PlaylistView> playlists = new ArrayList<>();
        Map<String, String> tags = new TreeMap<>();
        for (PlaylistLite lite : library.summaries()) {
            Playlist p = library.playlist(lite.id()).orElseThrow();
            List<View.TrackView> tracks = new ArrayList<>();
            for (Track t : p.tracks()) {
                tracks.add(new View.TrackView(
                        t.id(), t.trackNumber(), t.title(), t.artist(), t.album(), t.durationMs(), null));
            }
            playlists.add(new View.PlaylistView(p.id(), p.title(), p.description(), tracks));
            if (p.nfcTagId() != null) {
                tags.put(p.nfcTagId(), p.id());
            }
        }
        playlists.sort(Comparator.comparing(View.PlaylistView::id));
        return new View(playlists, tags);
    }

    /** One random write, now and then one the library refuses. */
    static void write(Library library, Random random) {
        List<PlaylistLite> all = library.summaries();
        String id = all.isEmpty() || random.nextInt(12) == 0
                ? "unknown"
                : all.get(random.nextInt(all.size())).id();
        String other =
                all.isEmpty() ? "unknown" : all.get(random.nextInt(all.size())).id();
        int n = library.playlist(id).map(p -> p.tracks().size()).orElse(0);
        try {
            switch (random.nextInt(10)) {
                case 0:
                case 1:
                    library.create(word(random), random.nextBoolean() ? null : word(random));
                    break;
                case 2:
                    library.update(
                            id,
                            random.nextInt(3) == 0 ? null : word(random),
                            random.nextInt(3) == 0 ? null : word(random));
                    break;
                case 3:
                    if (random.nextInt(3) == 0) {
                        library.delete(id);
                    }
                    break;
                case 4:
                case 5:
                    library.addTrack(
                            id,
                            new NewTrack(
                                    word(random),
                                    "f.mp3",
                                    "f.mp3",
                                    random.nextInt(300_000),
                                    random.nextBoolean() ? null : word(random),
                                    random.nextBoolean() ? null : word(random),
                                    10));
                    break;
                case 6:
                    List<String> order = new ArrayList<>(library.playlist(id)
                            .map(p -> p.tracks().stream().map(Track::id).toList())
                            .orElse(List.of()));
                    Collections.shuffle(order, random);
                    if (random.nextInt(10) == 0 && !order.isEmpty()) {
                        order.set(0, "stranger");
                    }
                    library.reorder(id, order);
                    break;
                case 7:
                    List<Integer> numbers = new ArrayList<>();
                    for (int k = 1; k <= n; k++) {
                        if (random.nextInt(3) == 0) {
                            numbers.add(k);
                        }
                    }
                    if (random.nextInt(10) == 0) {
                        numbers.add(n + 1);
                    }
                    library.deleteTracks(id, numbers);
                    break;
                case 8:
                    int targetSize =
                            library.playlist(other).map(p -> p.tracks().size()).orElse(0);
                    library.moveTrack(
                            id,
                            other,
                            1 + random.nextInt(n + 1),
                            random.nextBoolean() ? null : 1 + random.nextInt(targetSize + 2));
                    break;
                default:
                    String tag = TAGS.get(random.nextInt(TAGS.size()));
                    if (random.nextInt(3) == 0) {
                        library.unlinkTag(tag);
                    } else {
                        library.linkTag(id, tag);
                    }
                    break;
            }
        } catch (IllegalArgumentException refused) {
            // a refused write records nothing; the check after the run shows it
        }
    }

    private static String word(Random random) {
        return WORDS.get(random.nextInt(WORDS.size())) + (random.nextBoolean() ? "" : " " + random.nextInt(3));
    }
}
