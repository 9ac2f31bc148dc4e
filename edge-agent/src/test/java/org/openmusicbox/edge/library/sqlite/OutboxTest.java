package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.db.DatabaseException;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/** Each library write leaves exactly its field changes in the outbox, in its own transaction. */
class OutboxTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path tmp;

    private final AtomicLong wall =
            new AtomicLong(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli());
    private Database db;
    private Library library;
    private Outbox outbox;
    private long seen;

    @BeforeEach
    void open() {
        db = Database.open(tmp);
        library = new SqliteLibrary(db, wall::get);
        outbox = new SqliteOutbox(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The entries written since the last call, as {@code entity/id.field=json}. */
    private Set<String> newChanges() {
        List<Outbox.Entry> entries = outbox.oldest(10_000);
        Set<String> lines = entries.stream()
                .filter(e -> e.seq() > seen)
                .map(OutboxRecords::line)
                .collect(Collectors.toCollection(TreeSet::new));
        entries.forEach(e -> seen = Math.max(seen, e.seq()));
        return lines;
    }

    private List<String> trackIds(String playlistId) {
        return library.playlist(playlistId).orElseThrow().tracks().stream()
                .map(Track::id)
                .toList();
    }

    private Track add(String playlistId, String title) {
        return library.addTrack(playlistId, new NewTrack(title, title + ".mp3", title + ".mp3", 1000, null, null, 1))
                .orElseThrow();
    }

    private static Set<String> set(String... lines) {
        return new TreeSet<>(List.of(lines));
    }

    @Test
    void createRecordsTitleAndDescriptionIfAny() {
        Playlist a = library.create("Bedtime", "calm");
        assertEquals(
                set("playlist/" + a.id() + ".title=\"Bedtime\"", "playlist/" + a.id() + ".description=\"calm\""),
                newChanges());
        Playlist b = library.create("Car", null);
        assertEquals(set("playlist/" + b.id() + ".title=\"Car\""), newChanges());
    }

    @Test
    void updateRecordsOnlyWhatChanged() {
        Playlist a = library.create("Bedtime", "calm");
        newChanges();
        List<List<String>> before = OutboxRecords.everything(db);
        library.update(a.id(), "Bedtime", "calm").orElseThrow();
        assertEquals(Set.of(), newChanges(), "the same title and description are no change");
        assertEquals(before.get(2), OutboxRecords.everything(db).get(2), "no stamp taken for nothing");
        assertEquals(before.get(4), OutboxRecords.everything(db).get(4), "the clock did not move for nothing");

        library.update(a.id(), "Nap", "calm").orElseThrow();
        assertEquals(set("playlist/" + a.id() + ".title=\"Nap\""), newChanges());
        library.update(a.id(), null, "very calm").orElseThrow();
        assertEquals(set("playlist/" + a.id() + ".description=\"very calm\""), newChanges());
    }

    @Test
    void addTrackRecordsItsFieldsButNoOrderAsItComesLast() {
        Playlist p = library.create("P", null);
        Track first = add(p.id(), "one");
        newChanges();
        Track t = library.addTrack(
                        p.id(), new NewTrack("Song \"two\"", "two.mp3", "two.mp3", 1234, "Artist", "Album", 5))
                .orElseThrow();
        String track = "track/" + t.id();
        assertEquals(
                set(
                        track + ".playlist_id=\"" + p.id() + "\"",
                        track + ".title=\"Song \\\"two\\\"\"",
                        track + ".artist=\"Artist\"",
                        track + ".album=\"Album\"",
                        track + ".duration_ms=1234"),
                newChanges());
        assertEquals(List.of(first.id(), t.id()), trackIds(p.id()), "the new track comes last");
    }

    @Test
    void reorderRecordsTheOrderWhenItChanges() {
        Playlist p = library.create("P", null);
        Track a = add(p.id(), "a");
        Track b = add(p.id(), "b");
        newChanges();
        library.reorder(p.id(), List.of(a.id(), b.id())).orElseThrow();
        assertEquals(Set.of(), newChanges(), "the same order is no change");
        library.reorder(p.id(), List.of(b.id(), a.id())).orElseThrow();
        assertEquals(set("playlist/" + p.id() + ".order=[\"" + b.id() + "\",\"" + a.id() + "\"]"), newChanges());
    }

    @Test
    void deleteTracksRecordsDeletedButNoOrder() {
        Playlist p = library.create("P", null);
        Track a = add(p.id(), "a");
        Track b = add(p.id(), "b");
        Track c = add(p.id(), "c");
        newChanges();
        library.deleteTracks(p.id(), List.of(1, 3)).orElseThrow();
        assertEquals(set("track/" + a.id() + ".deleted=true", "track/" + c.id() + ".deleted=true"), newChanges());
        assertEquals(List.of(b.id()), trackIds(p.id()));
    }

    @Test
    void moveRecordsThePlaylistAndTheTargetsOrderOnlyWhenItIsNotTheEnd() {
        Playlist p = library.create("P", null);
        Playlist q = library.create("Q", null);
        Track a = add(p.id(), "a");
        Track b = add(p.id(), "b");
        Track c = add(q.id(), "c");
        newChanges();
        library.moveTrack(p.id(), q.id(), 1, 1).orElseThrow();
        assertEquals(
                set(
                        "track/" + a.id() + ".playlist_id=\"" + q.id() + "\"",
                        "playlist/" + q.id() + ".order=[\"" + a.id() + "\",\"" + c.id() + "\"]"),
                newChanges());
        library.moveTrack(q.id(), p.id(), 2, null).orElseThrow();
        assertEquals(
                set("track/" + c.id() + ".playlist_id=\"" + p.id() + "\""),
                newChanges(),
                "a track moved to the end of another playlist needs no order");
        assertEquals(List.of(b.id(), c.id()), trackIds(p.id()));
        library.moveTrack(p.id(), q.id(), 2, null).orElseThrow();
        newChanges();
        library.moveTrack(q.id(), q.id(), 1, null).orElseThrow();
        assertEquals(set("playlist/" + q.id() + ".order=[\"" + c.id() + "\",\"" + a.id() + "\"]"), newChanges());
        library.moveTrack(q.id(), q.id(), 2, 2).orElseThrow();
        assertEquals(Set.of(), newChanges(), "a move to where the track is changes nothing");
    }

    @Test
    void tagLinksRecordTheTagsPlaylist() {
        Playlist p = library.create("P", null);
        Playlist q = library.create("Q", null);
        newChanges();
        library.linkTag(p.id(), "04aabb").orElseThrow();
        assertEquals(set("tag/04aabb.playlist_id=\"" + p.id() + "\""), newChanges());
        library.linkTag(p.id(), "04aabb").orElseThrow();
        assertEquals(Set.of(), newChanges(), "linking again changes nothing");
        library.linkTag(p.id(), "04ccdd").orElseThrow();
        assertEquals(
                set("tag/04ccdd.playlist_id=\"" + p.id() + "\"", "tag/04aabb.playlist_id=null"),
                newChanges(),
                "the playlist's old tag plays nothing now");
        library.linkTag(q.id(), "04ccdd").orElseThrow();
        assertEquals(set("tag/04ccdd.playlist_id=\"" + q.id() + "\""), newChanges());
        library.unlinkTag("04ccdd").orElseThrow();
        assertEquals(set("tag/04ccdd.playlist_id=null"), newChanges());
        assertTrue(library.unlinkTag("04ccdd").isEmpty());
        assertEquals(Set.of(), newChanges());
    }

    @Test
    void deletingAPlaylistDeletesItsTracksUnderOneStamp() {
        Playlist p = library.create("P", null);
        Track a = add(p.id(), "a");
        Track b = add(p.id(), "b");
        newChanges();
        assertTrue(library.delete(p.id()));
        List<Outbox.Entry> entries =
                outbox.oldest(100).stream().filter(e -> e.seq() > seen).toList();
        assertEquals(
                set(
                        "playlist/" + p.id() + ".deleted=true",
                        "track/" + a.id() + ".deleted=true",
                        "track/" + b.id() + ".deleted=true"),
                newChanges());
        assertEquals(
                1,
                entries.stream().map(e -> e.hlc() + "@" + e.origin()).distinct().count(),
                entries.toString());
        assertFalse(library.delete(p.id()));
        assertEquals(Set.of(), newChanges());
    }

    @Test
    void threeRenamesLeaveOneEntryWithTheLastTitle() {
        Playlist p = library.create("A", null);
        library.update(p.id(), "B", null);
        library.update(p.id(), "C", null);
        library.update(p.id(), "D", null);
        List<Outbox.Entry> entries = outbox.oldest(100);
        assertEquals(1, outbox.depth());
        assertEquals(
                List.of("playlist/" + p.id() + ".title=\"D\""),
                entries.stream().map(OutboxRecords::line).toList());
        // The stamps table holds the same stamp as the one entry left, and its value.
        assertEquals(
                List.of("playlist|" + p.id() + "|title|" + entries.get(0).hlc() + "|"
                        + entries.get(0).origin() + "|\"D\""),
                OutboxRecords.rows(db, "field_stamps"));
    }

    @Test
    void writesThatAreRefusedLeaveEverythingAsItWas() {
        Playlist p = library.create("P", null);
        Playlist q = library.create("Q", null);
        Track a = add(p.id(), "a");
        add(p.id(), "b");
        library.linkTag(p.id(), "04aabb");
        List<List<String>> before = OutboxRecords.everything(db);

        assertTrue(library.update("unknown", "x", "y").isEmpty());
        assertFalse(library.delete("unknown"));
        assertTrue(library.addTrack("unknown", new NewTrack("x", "x", "x", 0, null, null, 0))
                .isEmpty());
        assertTrue(library.linkTag("unknown", "04aabb").isEmpty());
        assertTrue(library.moveTrack(p.id(), "unknown", 1, null).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> library.deleteTracks(p.id(), List.of(1, 9)));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(p.id(), q.id(), 7, null));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(p.id(), q.id(), 1, 5));
        assertThrows(IllegalArgumentException.class, () -> library.reorder(p.id(), List.of(a.id(), a.id())));

        assertEquals(before, OutboxRecords.everything(db));
    }

    @Test
    void anSqliteErrorRollsBackTheLibraryTheStampsAndTheOutbox() {
        Playlist p = library.create("P", null);
        Track a = add(p.id(), "a");
        add(p.id(), "b");
        List<List<String>> before = OutboxRecords.everything(db);
        // The last statement of a write fails: everything before it in the transaction must go too.
        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END");
            }
            return null;
        });
        assertThrows(DatabaseException.class, () -> library.update(p.id(), "renamed", null));
        assertThrows(DatabaseException.class, () -> library.delete(p.id()));
        assertThrows(DatabaseException.class, () -> library.deleteTracks(p.id(), List.of(1)));
        assertThrows(
                DatabaseException.class,
                () -> library.reorder(
                        p.id(),
                        List.of(
                                library.playlist(p.id())
                                        .orElseThrow()
                                        .tracks()
                                        .get(1)
                                        .id(),
                                a.id())));
        assertThrows(DatabaseException.class, () -> library.linkTag(p.id(), "04aabb"));
        assertThrows(DatabaseException.class, () -> library.create("new", null));
        assertEquals(before, OutboxRecords.everything(db));

        db.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER refuse");
            }
            return null;
        });
        library.update(p.id(), "renamed", null).orElseThrow();
        assertNotEquals(before, OutboxRecords.everything(db), "the same write goes through once SQLite takes it");
    }

    @Test
    void stampsRiseAcrossARestartEvenWhenTheClockGoesBackADay() {
        Playlist p = library.create("P", null);
        library.update(p.id(), "Q", null);
        long highest =
                outbox.oldest(100).stream().mapToLong(Outbox.Entry::hlc).max().orElseThrow();
        String origin = outbox.oldest(1).get(0).origin();
        assertTrue(origin.matches("box-[a-z0-9]{12}"), origin);
        db.close();

        wall.addAndGet(-DAY);
        db = Database.open(tmp);
        library = new SqliteLibrary(db, wall::get);
        outbox = new SqliteOutbox(db);
        library.update(p.id(), "R", null);
        Outbox.Entry after = outbox.oldest(100).stream()
                .filter(e -> e.field().equals("title"))
                .findFirst()
                .orElseThrow();
        assertTrue(after.hlc() > highest, after.hlc() + " must be above " + highest);
        assertEquals(origin, after.origin(), "the origin is kept in the database");
        assertEquals(wall.get(), after.createdAt().toEpochMilli(), "created_at is the wall clock, not the stamp");
    }

    @Test
    void eachDatabaseDrawsItsOwnOrigin(@TempDir Path other) {
        library.create("P", null);
        try (Database second = Database.open(other)) {
            new SqliteLibrary(second, wall::get).create("P", null);
            assertNotEquals(
                    outbox.oldest(1).get(0).origin(),
                    new SqliteOutbox(second).oldest(1).get(0).origin());
        }
    }

    @Test
    void theOutboxReportsItsDepthAgeAndRemovesByChangeId() {
        assertEquals(0, outbox.depth());
        assertTrue(outbox.oldestAge(Instant.ofEpochMilli(wall.get())).isEmpty());
        Playlist p = library.create("P", "d");
        wall.addAndGet(5_000);
        library.create("Q", null);
        assertEquals(3, outbox.depth());
        assertEquals(
                Duration.ofSeconds(7),
                outbox.oldestAge(Instant.ofEpochMilli(wall.get() + 2_000)).orElseThrow());
        List<Outbox.Entry> two = outbox.oldest(2);
        assertEquals(2, two.size());
        assertTrue(two.get(0).seq() < two.get(1).seq());
        assertTrue(two.stream().allMatch(e -> e.entityId().equals(p.id())));
        assertTrue(outbox.remove(two.get(0).changeId()));
        assertFalse(outbox.remove(two.get(0).changeId()), "removed already");
        assertEquals(2, outbox.depth());
        assertThrows(IllegalArgumentException.class, () -> outbox.oldest(-1));
    }

    @Test
    void theResultsOfOneMessageRemoveTheirEntriesTogetherAndUnknownIdsCountNothing() {
        library.create("P", "d");
        library.create("Q", "e");
        List<Outbox.Entry> all = outbox.oldest(10);
        assertEquals(4, all.size());
        List<String> ids =
                new java.util.ArrayList<>(List.of("never-sent", all.get(0).changeId()));
        ids.add(all.get(2).changeId());
        assertEquals(2, outbox.removeAll(ids));
        assertEquals(
                List.of(all.get(1).changeId(), all.get(3).changeId()),
                outbox.oldest(10).stream().map(Outbox.Entry::changeId).toList());
        assertEquals(0, outbox.removeAll(ids), "removed already");
    }
}
