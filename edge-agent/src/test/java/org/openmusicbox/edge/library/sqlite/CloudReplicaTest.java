package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * The box's SQLite library and a model {@link Replica} for the cloud, edited concurrently: the box through the
 * {@link Library} API (with restarts and its wall clock a day behind), the cloud through the model. Now and then
 * the box publishes its outbox into the cloud, which logs what it receives, and pulls the cloud's log in pages;
 * pages come shuffled, some twice, and carry the box's own changes back. At the end both have seen everything,
 * and the box's library must show exactly the cloud model's {@link Replica#view()}: playlists, titles, tracks in
 * order with their numbers, tags. {@code -Dcloudsync.seed=N} replays one run (the cloud's ids come from the seed;
 * the box draws its own, so a replay may order tracks of equal stamps differently), {@code -Dcloudsync.debug}
 * prints both sides' state and the log on a mismatch.
 */
class CloudReplicaTest {

    private static final int RUNS = 60;
    private static final int STEPS = 120;
    private static final List<String> TAGS = List.of("04a1", "04b2", "04c3", "04d4");

    @TempDir
    Path tmp;

    @Test
    void theBoxShowsWhatTheCloudModelShowsAfterConcurrentEdits() {
        String replay = System.getProperty("cloudsync.seed");
        long first = replay != null ? Long.parseLong(replay) : System.nanoTime();
        int runs = replay != null ? 1 : RUNS;
        System.out.println("CloudReplicaTest: seeds " + first + ".." + (first + runs - 1));
        for (int run = 0; run < runs; run++) {
            long seed = first + run;
            try {
                run(tmp.resolve("run-" + run), seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed; replay with -Dcloudsync.seed=" + seed, e);
            }
        }
    }

    private static void run(Path dir, long seed) {
        Random random = new Random(seed);
        AtomicLong boxWall =
                new AtomicLong(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli());
        AtomicLong cloudWall = new AtomicLong(boxWall.get() + random.nextInt(5_000));
        Replica cloud = new Replica("cloud-test", new Hlc(cloudWall::get));
        List<FieldChange> log = new ArrayList<>();
        Database db = Database.open(dir);
        try {
            Library library = new SqliteLibrary(db, boxWall::get);
            for (int i = 0; i < STEPS; i++) {
                boxWall.addAndGet(random.nextInt(2_000));
                cloudWall.addAndGet(random.nextInt(2_000));
                switch (random.nextInt(8)) {
                    case 0:
                    case 1:
                        OutboxReplicaTest.write(library, random);
                        break;
                    case 2:
                    case 3:
                        log.addAll(cloudEdit(cloud, random));
                        break;
                    case 4:
                        publish(new SqliteOutbox(db), cloud, log, random.nextInt(8));
                        break;
                    case 5:
                    case 6:
                        pull(library, log, random);
                        break;
                    default:
                        if (random.nextInt(6) == 0) {
                            // A restart with the clock a day behind: the box's stamps must still rise.
                            db.close();
                            boxWall.addAndGet(-Duration.ofDays(1).toMillis());
                            db = Database.open(dir);
                            library = new SqliteLibrary(db, boxWall::get);
                        }
                        break;
                }
            }
            publish(new SqliteOutbox(db), cloud, log, Integer.MAX_VALUE);
            pull(library, log, random);
            List<FieldChange> everything = new ArrayList<>(log);
            Collections.shuffle(everything, random);
            library.applyFromCloud(log.size(), everything);
            assertEquals(0, new SqliteOutbox(db).depth(), "applying wrote nothing to the outbox");
            assertEquals(log.size(), library.cloudCursor());
            if (System.getProperty("cloudsync.debug") != null
                    && !shown(cloud.view()).equals(boxView(library))) {
                OutboxRecords.rows(db, "field_stamps").forEach(r -> System.out.println("BOX " + r));
                cloud.state().forEach((k, v) -> System.out.println("CLOUD " + k + " " + v));
                log.forEach(c -> System.out.println("LOG " + c));
            }
            assertEquals(shown(cloud.view()), boxView(library));
        } finally {
            db.close();
        }
    }

    /** The publisher: the oldest entries to the cloud, which logs them; each removed once the cloud has it. */
    private static void publish(Outbox outbox, Replica cloud, List<FieldChange> log, int limit) {
        for (Outbox.Entry e : outbox.oldest(limit)) {
            FieldChange change = OutboxRecords.change(e);
            cloud.apply(change);
            log.add(change);
            outbox.remove(e.changeId());
        }
    }

    /**
     * The pull loop: the log after the cursor in pages, each applied with its last seq. Now and then a page is
     * shuffled, or an old stretch of the log comes again.
     */
    private static void pull(Library library, List<FieldChange> log, Random random) {
        int from = (int) library.cloudCursor();
        while (from < log.size()) {
            int to = Math.min(log.size(), from + 1 + random.nextInt(10));
            List<FieldChange> page = new ArrayList<>(log.subList(from, to));
            if (random.nextInt(3) == 0) {
                Collections.shuffle(page, random);
            }
            if (random.nextInt(4) == 0 && from > 0) {
                int back = random.nextInt(from);
                page.addAll(random.nextInt(page.size() + 1), log.subList(back, Math.min(from, back + 5)));
            }
            library.applyFromCloud(to, page);
            from = to;
        }
    }

    /** One edit made in the cloud on what the cloud shows, as the cloud's own handlers will make it. */
    private static List<FieldChange> cloudEdit(Replica cloud, Random random) {
        View view = cloud.view();
        List<View.PlaylistView> playlists = view.playlists();
        View.PlaylistView p = playlists.isEmpty() ? null : playlists.get(random.nextInt(playlists.size()));
        View.PlaylistView q = playlists.isEmpty() ? null : playlists.get(random.nextInt(playlists.size()));
        View.TrackView t = p == null || p.tracks().isEmpty()
                ? null
                : p.tracks().get(random.nextInt(p.tracks().size()));
        List<FieldChange> changes = new ArrayList<>();
        switch (random.nextInt(10)) {
            case 0:
                changes.add(cloud.write(
                        Entity.PLAYLIST,
                        new UUID(random.nextLong(), random.nextLong()).toString(),
                        Fields.TITLE,
                        "Cloud " + random.nextInt(9)));
                break;
            case 1:
                if (p != null) {
                    changes.add(cloud.write(
                            Entity.PLAYLIST,
                            p.id(),
                            random.nextBoolean() ? Fields.TITLE : Fields.DESCRIPTION,
                            "Renamed " + random.nextInt(9)));
                }
                break;
            case 2:
                if (p != null) {
                    changes.addAll(
                            random.nextInt(4) == 0 ? cloud.restorePlaylist(p.id()) : cloud.deletePlaylist(p.id()));
                }
                break;
            case 3:
            case 4:
                if (p != null) {
                    String id = new UUID(random.nextLong(), random.nextLong()).toString();
                    // The track's fields may reach the box before or after its playlist_id.
                    changes.add(cloud.write(Entity.TRACK, id, Fields.TITLE, "Song " + random.nextInt(9)));
                    changes.add(cloud.write(Entity.TRACK, id, Fields.DURATION_MS, (long) random.nextInt(300_000)));
                    if (random.nextBoolean()) {
                        byte[] hash = new byte[32];
                        random.nextBytes(hash);
                        String sha = HexFormat.of().formatHex(hash);
                        changes.add(cloud.write(
                                Entity.TRACK, id, Fields.MEDIA, new Media(sha, "media/" + sha + ".mp3", "mp3", 10)));
                    }
                    String target =
                            random.nextInt(8) == 0 ? new UUID(random.nextLong(), random.nextLong()).toString() : p.id();
                    changes.add(cloud.write(Entity.TRACK, id, Fields.PLAYLIST_ID, target));
                }
                break;
            case 5:
                if (t != null) {
                    changes.add(cloud.write(
                            Entity.TRACK,
                            t.id(),
                            random.nextBoolean() ? Fields.TITLE : Fields.ARTIST,
                            "Edit " + random.nextInt(9)));
                }
                break;
            case 6:
                if (t != null) {
                    changes.add(
                            random.nextBoolean()
                                    ? cloud.write(Entity.TRACK, t.id(), Fields.DELETED, true)
                                    : cloud.write(Entity.TRACK, t.id(), Fields.PLAYLIST_ID, q.id()));
                }
                break;
            case 7:
                if (p != null) {
                    List<String> order = new ArrayList<>();
                    p.tracks().forEach(track -> order.add(track.id()));
                    Collections.shuffle(order, random);
                    changes.add(cloud.write(Entity.PLAYLIST, p.id(), Fields.ORDER, order));
                }
                break;
            default:
                String tag = TAGS.get(random.nextInt(TAGS.size()));
                changes.add(cloud.write(
                        Entity.TAG, tag, Fields.PLAYLIST_ID, p == null || random.nextInt(3) == 0 ? null : p.id()));
                break;
        }
        return changes;
    }

    /** The model's view as the box can hold it: no title yet is an empty one, no length yet is 0, media apart. */
    private static View shown(View view) {
        List<View.PlaylistView> playlists = new ArrayList<>();
        for (View.PlaylistView p : view.playlists()) {
            List<View.TrackView> tracks = new ArrayList<>();
            for (View.TrackView t : p.tracks()) {
                tracks.add(new View.TrackView(
                        t.id(),
                        t.trackNumber(),
                        t.title() == null ? "" : t.title(),
                        t.artist(),
                        t.album(),
                        t.durationMs() == null ? 0L : t.durationMs(),
                        null));
            }
            playlists.add(new View.PlaylistView(p.id(), p.title() == null ? "" : p.title(), p.description(), tracks));
        }
        return new View(playlists, view.tags());
    }

    /** What the box shows; a tag plays what {@link Library#playlistForTag} finds. */
    private static View boxView(Library library) {
        View rows = OutboxReplicaTest.viewOf(library);
        Map<String, String> tags = new TreeMap<>();
        for (String tag : TAGS) {
            library.playlistForTag(tag).ifPresent(p -> tags.put(tag, p.id()));
        }
        for (Map.Entry<String, String> shownTag : rows.tags().entrySet()) {
            assertEquals(shownTag.getValue(), tags.get(shownTag.getKey()), "the tag a playlist shows plays it");
        }
        return new View(rows.playlists(), tags);
    }
}
