package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The promise of docs/sync.md: replicas that have seen the same changes, in any order and any number of times,
 * hold the same library. For many seeds, two or three replicas with their own clocks (one a day behind, some
 * that step back) edit the same library at random while changes trickle between them out of order and
 * duplicated; at the end each gets every change, shuffled, with more duplicates, and all must hold the same
 * state and show the same view. {@code -Dsync.seed=N} replays one seed.
 */
class ConvergenceTest {

    private static final int SEEDS = 400;
    private static final int STEPS = 120;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final List<String> TAGS = List.of("t-1", "t-2", "t-3");
    private static final List<String> WORDS = List.of("Bedtime", "Songs", "Stories", "Car", "Rain");

    /** Counted over all seeds, to show the cases the rules are about did happen. */
    private int clockTies;

    private int shownWhileDeleted;
    private int concurrentReorders;

    @Test
    void replicasThatSawTheSameChangesHoldTheSameLibrary() {
        String one = System.getProperty("sync.seed");
        if (one != null) {
            run(Long.parseLong(one));
            return;
        }
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
        // Without these, the property would pass on rules it never exercised.
        assertTrue(clockTies > 0, "no two origins ever set one field with the same clock value");
        assertTrue(shownWhileDeleted > 0, "no playlist was ever kept alive by a concurrent add");
        assertTrue(concurrentReorders > 0, "no playlist was ever reordered on two replicas");
    }

    private void run(long seed) {
        try {
            new Round(seed).play();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (replay with -Dsync.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** A wall clock: the true time plus a fixed offset and some jitter, so it can step back. */
    private static final class Wall {
        final long offset;
        long reading;

        Wall(long offset) {
            this.offset = offset;
        }
    }

    private final class Round {
        final Random random;
        final List<Replica> replicas = new ArrayList<>();
        final List<Wall> walls = new ArrayList<>();
        final Map<Replica, List<FieldChange>> own = new HashMap<>();
        final List<FieldChange> all = new ArrayList<>();
        long trueTime = Replicas.T;
        int next;

        Round(long seed) {
            random = new Random(seed);
            int count = 2 + random.nextInt(2);
            // Two clocks agree, so stamps tie on the number; one is a day behind; a third may be a day ahead.
            long[] offsets = {0, 0, -DAY};
            if (count == 2) {
                offsets = new long[] {0, random.nextBoolean() ? 0 : -DAY};
            } else if (random.nextInt(4) == 0) {
                offsets[1] = DAY;
            }
            String[] origins = {"box-1", Stamp.CLOUD, "box-2"};
            for (int i = 0; i < count; i++) {
                Wall wall = new Wall(offsets[i]);
                walls.add(wall);
                Replica r = new Replica(origins[i], new Hlc(() -> wall.reading));
                replicas.add(r);
                own.put(r, new ArrayList<>());
            }
        }

        void play() {
            Replica first = replicas.get(0);
            tick();
            for (int p = 0; p < 2; p++) {
                String playlist = newPlaylist(first);
                for (int t = 0; t < 3; t++) {
                    newTrack(first, playlist);
                }
                write(first, Entity.PLAYLIST, playlist, Fields.ORDER, tracksKnownIn(first, playlist));
            }
            write(
                    first,
                    Entity.TAG,
                    TAGS.get(0),
                    Fields.PLAYLIST_ID,
                    playlistsKnownTo(first).get(0));
            deliverEverything(false);

            for (int step = 0; step < STEPS; step++) {
                int who = random.nextInt(replicas.size());
                tick();
                edit(replicas.get(who));
                int trickle = random.nextInt(4);
                for (int i = 0; i < trickle; i++) {
                    FieldChange c = all.get(random.nextInt(all.size()));
                    replicas.get(random.nextInt(replicas.size())).apply(c);
                }
            }
            deliverEverything(true);
            count();

            Replica reference = replicas.get(0);
            for (Replica r : replicas) {
                assertEquals(reference.state(), r.state(), () -> difference(reference, r));
                assertEquals(reference.view(), r.view(), reference.origin() + " and " + r.origin() + ": views");
                for (FieldChange c : own.get(r)) {
                    assertFalse(r.apply(c), r.origin() + " changed on its own change again: " + c);
                }
                for (FieldChange c : all) {
                    assertFalse(r.apply(c), r.origin() + " changed on a change seen before: " + c);
                }
            }
            assertViewIsConsistent(reference.view());
        }

        /** The true time moves on 0-2 ms; each wall reads it with its offset, and now and then steps back. */
        void tick() {
            trueTime += random.nextInt(3);
            for (Wall wall : walls) {
                long jitter = random.nextInt(10) == 0 ? -random.nextInt(50) : 0;
                wall.reading = trueTime + wall.offset + jitter;
            }
        }

        void edit(Replica r) {
            List<String> playlists = playlistsKnownTo(r);
            List<String> tracks = known(r, Entity.TRACK);
            int what = random.nextInt(14);
            if (playlists.isEmpty() || what == 0) {
                newPlaylist(r);
                return;
            }
            String playlist = pick(playlists);
            String track = tracks.isEmpty() ? null : pick(tracks);
            switch (what) {
                case 1 -> write(r, Entity.PLAYLIST, playlist, Fields.TITLE, pick(WORDS));
                case 2 ->
                    write(r, Entity.PLAYLIST, playlist, Fields.DESCRIPTION, random.nextBoolean() ? null : pick(WORDS));
                case 3, 4 -> {
                    List<String> order = tracksKnownIn(r, playlist);
                    Collections.shuffle(order, random);
                    if (!order.isEmpty() && random.nextBoolean()) {
                        order.remove(0); // an order that does not name every track
                    }
                    write(r, Entity.PLAYLIST, playlist, Fields.ORDER, order);
                }
                case 5 -> record(r, r.deletePlaylist(playlist));
                case 6 -> {
                    if (random.nextBoolean()) {
                        record(r, r.restorePlaylist(playlist));
                    } else {
                        write(r, Entity.PLAYLIST, playlist, Fields.DELETED, false);
                    }
                }
                case 7, 8 -> newTrack(r, playlist);
                case 9 -> {
                    if (track != null) {
                        String field = pick(List.of(Fields.TITLE, Fields.ARTIST, Fields.ALBUM));
                        write(r, Entity.TRACK, track, field, pick(WORDS));
                        write(r, Entity.TRACK, track, Fields.DURATION_MS, (long) random.nextInt(5) * 1_000);
                    }
                }
                case 10 -> {
                    if (track != null) {
                        write(r, Entity.TRACK, track, Fields.MEDIA, random.nextBoolean() ? null : media());
                    }
                }
                case 11 -> {
                    if (track != null) {
                        write(r, Entity.TRACK, track, Fields.PLAYLIST_ID, playlist); // a move, or a no-op value
                    }
                }
                case 12 -> {
                    if (track != null) {
                        write(r, Entity.TRACK, track, Fields.DELETED, random.nextInt(3) != 0);
                    }
                }
                default ->
                    write(r, Entity.TAG, pick(TAGS), Fields.PLAYLIST_ID, random.nextInt(4) == 0 ? null : playlist);
            }
        }

        String newPlaylist(Replica r) {
            String id = r.origin() + "-p" + next++;
            write(r, Entity.PLAYLIST, id, Fields.TITLE, pick(WORDS));
            if (random.nextBoolean()) {
                write(r, Entity.PLAYLIST, id, Fields.DESCRIPTION, pick(WORDS));
            }
            return id;
        }

        void newTrack(Replica r, String playlist) {
            String id = r.origin() + "-t" + next++;
            write(r, Entity.TRACK, id, Fields.TITLE, pick(WORDS));
            write(r, Entity.TRACK, id, Fields.DURATION_MS, (long) random.nextInt(300_000));
            if (random.nextBoolean()) {
                write(r, Entity.TRACK, id, Fields.MEDIA, media());
            }
            write(r, Entity.TRACK, id, Fields.PLAYLIST_ID, playlist);
        }

        Media media() {
            String sha = String.format("%064x", random.nextInt(8));
            return new Media(sha, "media/" + sha + ".mp3", "mp3", random.nextInt(8) * 1_000L);
        }

        void write(Replica r, Entity entity, String id, String field, Object value) {
            record(r, List.of(r.write(entity, id, field, value)));
        }

        void record(Replica r, List<FieldChange> changes) {
            own.get(r).addAll(changes);
            all.addAll(changes);
        }

        /** Every replica gets every change, shuffled, some of them twice. */
        void deliverEverything(boolean duplicates) {
            for (Replica r : replicas) {
                List<FieldChange> batch = new ArrayList<>(all);
                if (duplicates) {
                    for (int i = 0; i < all.size() / 4; i++) {
                        batch.add(all.get(random.nextInt(all.size())));
                    }
                }
                Collections.shuffle(batch, random);
                batch.forEach(r::apply);
            }
        }

        List<String> playlistsKnownTo(Replica r) {
            return known(r, Entity.PLAYLIST);
        }

        List<String> known(Replica r, Entity entity) {
            return r.state().keySet().stream()
                    .filter(k -> k.entity() == entity)
                    .map(EntityKey::id)
                    .collect(Collectors.toList());
        }

        List<String> tracksKnownIn(Replica r, String playlist) {
            return r.state().keySet().stream()
                    .filter(k -> k.entity() == Entity.TRACK)
                    .filter(k -> playlist.equals(r.value(k, Fields.PLAYLIST_ID)))
                    .map(EntityKey::id)
                    .collect(Collectors.toList());
        }

        <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        void count() {
            Map<String, List<FieldChange>> byField =
                    all.stream().collect(Collectors.groupingBy(c -> c.key() + "." + c.field()));
            for (List<FieldChange> changes : byField.values()) {
                for (FieldChange a : changes) {
                    for (FieldChange b : changes) {
                        if (a.stamp().hlc() == b.stamp().hlc()
                                && a.stamp().origin().compareTo(b.stamp().origin()) < 0) {
                            clockTies++;
                        }
                    }
                }
                if (changes.get(0).field().equals(Fields.ORDER)
                        && changes.stream()
                                        .map(c -> c.stamp().origin())
                                        .distinct()
                                        .count()
                                > 1) {
                    concurrentReorders++;
                }
            }
            Replica r = replicas.get(0);
            for (View.PlaylistView p : r.view().playlists()) {
                if (Boolean.TRUE.equals(r.value(new EntityKey(Entity.PLAYLIST, p.id()), Fields.DELETED))) {
                    shownWhileDeleted++;
                }
            }
        }
    }

    /** The fields two replicas hold differently, instead of both states in full. */
    private static String difference(Replica a, Replica b) {
        List<String> lines = new ArrayList<>();
        java.util.Set<EntityKey> keys = new java.util.TreeSet<>(a.state().keySet());
        keys.addAll(b.state().keySet());
        for (EntityKey key : keys) {
            Map<String, Replica.Versioned> fa = a.state().getOrDefault(key, Map.of());
            Map<String, Replica.Versioned> fb = b.state().getOrDefault(key, Map.of());
            java.util.Set<String> fields = new java.util.TreeSet<>(fa.keySet());
            fields.addAll(fb.keySet());
            for (String f : fields) {
                if (!java.util.Objects.equals(fa.get(f), fb.get(f))) {
                    lines.add(
                            key + "." + f + ": " + a.origin() + " " + fa.get(f) + ", " + b.origin() + " " + fb.get(f));
                }
            }
        }
        return a.origin() + " and " + b.origin() + " hold different states: " + lines;
    }

    /** Whatever the edits, the view keeps its own promises: dense numbers, each track once, tags on shown playlists. */
    private static void assertViewIsConsistent(View view) {
        List<String> seen = new ArrayList<>();
        for (View.PlaylistView p : view.playlists()) {
            for (int i = 0; i < p.tracks().size(); i++) {
                assertEquals(i + 1, p.tracks().get(i).trackNumber(), p.id() + " numbers");
                seen.add(p.tracks().get(i).id());
            }
        }
        assertEquals(seen.size(), seen.stream().distinct().count(), "a track is shown twice: " + seen);
        List<String> shown =
                view.playlists().stream().map(View.PlaylistView::id).toList();
        view.tags().values().forEach(p -> assertTrue(shown.contains(p), "a tag plays hidden " + p));
    }
}
