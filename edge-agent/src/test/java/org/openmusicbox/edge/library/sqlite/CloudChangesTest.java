package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.CloudApplied;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Media;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * A page of the cloud's log against the box's own edits, field by field: the higher stamp wins, an older or an
 * equal one changes nothing, a tie of the number goes to the byte-wise greater origin. Both the stamps table and
 * the library rows are checked, and so are the cursor, the outbox and the box's clock.
 */
class CloudChangesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path tmp;

    private final AtomicLong wall =
            new AtomicLong(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli());
    private Database db;
    private Library library;
    private Outbox outbox;
    private int changeIds;

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

    private FieldChange change(Entity entity, String id, String field, Object value, long hlc, String origin) {
        return new FieldChange(entity, id, field, value, new Stamp(hlc, origin), "c" + (++changeIds));
    }

    private CloudApplied apply(FieldChange... changes) {
        return library.applyFromCloud(library.cloudCursor() + 1, List.of(changes));
    }

    private Stamp stampOf(Entity entity, String id, String field) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT hlc, origin FROM field_stamps WHERE entity = ? AND entity_id = ? AND field = ?")) {
                ps.setString(1, SyncLog.name(entity));
                ps.setString(2, id);
                ps.setString(3, field);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Stamp(rs.getLong(1), rs.getString(2)) : null;
                }
            }
        });
    }

    private String column(String sql, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private Track add(String playlistId, String title) {
        return library.addTrack(playlistId, new NewTrack(title, title + ".mp3", title + ".mp3", 1000, "A", "B", 1))
                .orElseThrow();
    }

    private Track track(String id) {
        for (PlaylistLite p : library.summaries()) {
            for (Track t : library.playlist(p.id()).orElseThrow().tracks()) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
        }
        return null;
    }

    private List<String> titles(String playlistId) {
        return library.playlist(playlistId).orElseThrow().tracks().stream()
                .map(Track::title)
                .toList();
    }

    /**
     * One field: an older change, a tie lost by origin and an equal stamp change nothing; a tie won by origin and
     * then a newer change win, each checked in the stamps table and, through {@code shown}, in the rows.
     */
    private void contest(
            Entity entity, String id, String field, Object lose, Object win, Function<String, Object> shown) {
        Stamp box = stampOf(entity, id, field);
        Object before = shown.apply(id);
        int outboxBefore = outbox.depth();
        apply(change(entity, id, field, lose, box.hlc() - 1, "zzz"));
        apply(change(entity, id, field, lose, box.hlc(), "aaa"));
        assertEquals(box, stampOf(entity, id, field), field + ": an older stamp changes nothing");
        assertEquals(before, shown.apply(id), field + ": an older stamp changes no row");
        apply(change(entity, id, field, win, box.hlc(), "zzz"));
        assertEquals(new Stamp(box.hlc(), "zzz"), stampOf(entity, id, field), field + ": the tie goes to the origin");
        assertEquals(win, shown.apply(id), field + ": the tie's winner shows");
        apply(change(entity, id, field, lose, box.hlc() + 1, "cloud-a"));
        assertEquals(new Stamp(box.hlc() + 1, "cloud-a"), stampOf(entity, id, field), field + ": newer wins");
        assertEquals(lose, shown.apply(id), field + ": the newer value shows");
        assertEquals(outboxBefore, outbox.depth(), "applying writes nothing to the outbox");
    }

    @Test
    void perFieldTheHigherStampWinsAndTiesGoByOrigin() {
        Playlist p = library.create("Bedtime", "soft");
        Playlist other = library.create("Car", null);
        Track one = add(p.id(), "One");
        Track two = add(p.id(), "Two");
        library.reorder(p.id(), List.of(two.id(), one.id()));
        library.linkTag(p.id(), "04a1");

        contest(
                Entity.PLAYLIST,
                p.id(),
                Fields.TITLE,
                "Lost",
                "Won",
                id -> library.playlist(id).orElseThrow().title());
        contest(
                Entity.PLAYLIST,
                p.id(),
                Fields.DESCRIPTION,
                "lost",
                "won",
                id -> library.playlist(id).orElseThrow().description());
        contest(
                Entity.PLAYLIST,
                p.id(),
                Fields.ORDER,
                List.of(two.id(), one.id()),
                List.of(one.id(), two.id()),
                id -> library.playlist(id).orElseThrow().tracks().stream()
                        .map(Track::id)
                        .toList());
        contest(
                Entity.TRACK,
                one.id(),
                Fields.TITLE,
                "lost",
                "won",
                id -> track(id).title());
        contest(
                Entity.TRACK,
                one.id(),
                Fields.ARTIST,
                "lost",
                "won",
                id -> track(id).artist());
        contest(
                Entity.TRACK,
                one.id(),
                Fields.ALBUM,
                "lost",
                "won",
                id -> track(id).album());
        contest(
                Entity.TRACK,
                one.id(),
                Fields.DURATION_MS,
                5L,
                7L,
                id -> track(id).durationMs());
        contest(
                Entity.TRACK,
                one.id(),
                Fields.PLAYLIST_ID,
                p.id(),
                other.id(),
                id -> track(id).playlistId());
        contest(
                Entity.TAG,
                "04a1",
                Fields.PLAYLIST_ID,
                p.id(),
                other.id(),
                id -> library.playlistForTag(id).orElseThrow().id());
        // The tag's winner is the playlist's tag on the page too; the loser shows none.
        assertEquals("04a1", library.playlist(p.id()).orElseThrow().nfcTagId());
        assertNull(library.playlist(other.id()).orElseThrow().nfcTagId());
    }

    @Test
    void deletesTakeTheirRowsAndKeepTheirStampsForLaterChanges() {
        Playlist p = library.create("Bedtime", null);
        Playlist empty = library.create("Empty", null);
        Track one = add(p.id(), "One");
        Track two = add(p.id(), "Two");
        long later = Hlc.pack(wall.get() + 1_000, 0);
        // The box never stamped a track's deleted: any stamp sets it, even one older than its title.
        Stamp oneTitle = stampOf(Entity.TRACK, one.id(), Fields.TITLE);
        apply(change(Entity.TRACK, one.id(), Fields.DELETED, true, oneTitle.hlc() - 5, "cloud-a"));
        assertEquals(List.of("Two"), titles(p.id()));
        assertEquals(1, track(two.id()).trackNumber(), "numbers stay dense");

        // The deleted track's fields keep their stamps: an older title that comes late still loses.
        apply(change(Entity.TRACK, one.id(), Fields.TITLE, "late", oneTitle.hlc() - 1, "cloud-a"));
        assertEquals(oneTitle, stampOf(Entity.TRACK, one.id(), Fields.TITLE));
        // An older undelete loses to the delete.
        apply(change(Entity.TRACK, one.id(), Fields.DELETED, false, oneTitle.hlc() - 6, "cloud-a"));
        assertNull(track(one.id()));

        // Restored with a newer stamp, it comes back from what the stamps table kept.
        apply(change(Entity.TRACK, one.id(), Fields.DELETED, false, later, "cloud-a"));
        assertEquals("One", track(one.id()).title());
        assertEquals("A", track(one.id()).artist());
        assertEquals(List.of("One", "Two"), titles(p.id()), "by the stamp of their playlist_id, as the view");

        CloudApplied gone = apply(change(Entity.PLAYLIST, empty.id(), Fields.DELETED, true, later, "cloud-a"));
        assertEquals(List.of(empty.id()), gone.deleted());
        assertTrue(library.playlist(empty.id()).isEmpty());
        assertEquals(
                "\"Empty\"",
                column("SELECT value FROM field_stamps WHERE entity_id = ? AND field = 'title'", empty.id()),
                "the tombstone keeps the title");
        apply(change(Entity.PLAYLIST, empty.id(), Fields.DELETED, false, later + 1, "cloud-a"));
        assertEquals("Empty", library.playlist(empty.id()).orElseThrow().title(), "restored with its title");
    }

    @Test
    void aTrackNamingAnUnknownPlaylistShowsItUntitledUntilItsTitleComes() {
        long t = Hlc.pack(wall.get(), 0);
        CloudApplied first = apply(
                change(Entity.TRACK, "t1", Fields.TITLE, "Song", t, "cloud-a"),
                change(Entity.TRACK, "t1", Fields.PLAYLIST_ID, "p-new", t, "cloud-a"));
        assertEquals(List.of("p-new"), first.created());
        Playlist shown = library.playlist("p-new").orElseThrow();
        assertEquals("", shown.title(), "a placeholder, untitled as the model's view shows it (title null)");
        assertEquals(List.of("Song"), titles("p-new"));
        CloudApplied titled = apply(change(Entity.PLAYLIST, "p-new", Fields.TITLE, "Zoo", t + 1, "cloud-a"));
        assertEquals(List.of("p-new"), titled.updated());
        assertEquals("Zoo", library.playlist("p-new").orElseThrow().title());
        // A track whose playlist is not known at all yet is no row.
        apply(change(Entity.TRACK, "t2", Fields.TITLE, "Orphan", t + 2, "cloud-a"));
        assertNull(track("t2"));
        assertEquals(1, library.count());
    }

    @Test
    void aDeletedPlaylistWithALiveTrackIsShown() {
        Playlist p = library.create("Bedtime", null);
        Track one = add(p.id(), "One");
        long after = stampOf(Entity.TRACK, one.id(), Fields.TITLE).hlc() + 10;
        // The cloud deleted the playlist without knowing of a track the box added to it meanwhile.
        apply(change(Entity.PLAYLIST, p.id(), Fields.DELETED, true, after, "cloud-a"));
        assertEquals(List.of("One"), titles(p.id()), "a playlist with a live track stays shown");
        apply(change(Entity.TRACK, one.id(), Fields.DELETED, true, after, "cloud-a"));
        assertTrue(library.playlist(p.id()).isEmpty(), "its last live track gone, the delete shows");
        assertFalse(Files.exists(library.mediaDir().resolve("One.mp3")), "no file was there to begin with");
    }

    @Test
    void aTrackFromTheCloudWithoutItsFileIsInTheLibraryWithItsMedia() {
        long t = Hlc.pack(wall.get(), 0);
        Media media = new Media(SHA, "media/" + SHA + ".mp3", "MP3", 1234);
        apply(
                change(Entity.PLAYLIST, "p", Fields.TITLE, "Zoo", t, "cloud-a"),
                change(Entity.TRACK, "t", Fields.PLAYLIST_ID, "p", t, "cloud-a"),
                change(Entity.TRACK, "t", Fields.MEDIA, media, t, "cloud-a"));
        Track track = track("t");
        assertEquals(SHA + ".mp3", track.filePath(), "the media cache's name for it");
        assertEquals(1234, track.fileSize());
        assertEquals("", track.title(), "no title yet");
        assertFalse(Files.exists(library.mediaDir().resolve(track.filePath())));
        assertEquals(SHA, column("SELECT sha256 FROM tracks WHERE id = ?", "t"));
        assertEquals("media/" + SHA + ".mp3", column("SELECT object_key FROM tracks WHERE id = ?", "t"));
        // Deleted, its file in the cache is the cache's: nothing to delete here, and nothing breaks.
        apply(change(Entity.TRACK, "t", Fields.DELETED, true, t + 1, "cloud-a"));
        assertNull(track("t"));
    }

    @Test
    void deletingAnUploadedTrackDeletesItsFileOnlyWhenNothingElseUsesIt() throws Exception {
        Playlist p = library.create("Bedtime", null);
        Files.writeString(library.mediaDir().resolve("One.mp3"), "audio");
        Files.writeString(library.mediaDir().resolve("Shared.mp3"), "audio");
        Track one = add(p.id(), "One");
        Track shared = library.addTrack(p.id(), new NewTrack("S1", "Shared.mp3", "Shared.mp3", 1, null, null, 1))
                .orElseThrow();
        library.addTrack(p.id(), new NewTrack("S2", "Shared.mp3", "Shared.mp3", 1, null, null, 1));
        long t = Hlc.pack(wall.get(), 0) + 100;
        apply(
                change(Entity.TRACK, one.id(), Fields.DELETED, true, t, "cloud-a"),
                change(Entity.TRACK, shared.id(), Fields.DELETED, true, t, "cloud-a"));
        assertFalse(Files.exists(library.mediaDir().resolve("One.mp3")));
        assertTrue(Files.exists(library.mediaDir().resolve("Shared.mp3")), "still another track's file");
    }

    @Test
    void tracksAreNumberedByTheModelsOrderingRule() {
        long t = Hlc.pack(wall.get(), 0);
        apply(
                change(Entity.PLAYLIST, "p", Fields.TITLE, "Zoo", t, "cloud-a"),
                change(Entity.PLAYLIST, "p", Fields.ORDER, List.of("f", "c", "gone", "a"), t + 4, "cloud-a"),
                change(Entity.TRACK, "a", Fields.PLAYLIST_ID, "p", t + 3, "cloud-a"),
                change(Entity.TRACK, "b", Fields.PLAYLIST_ID, "p", t + 2, "cloud-a"),
                change(Entity.TRACK, "c", Fields.PLAYLIST_ID, "p", t + 1, "cloud-a"),
                change(Entity.TRACK, "e", Fields.PLAYLIST_ID, "p", t + 1, "cloud-b"),
                change(Entity.TRACK, "d", Fields.PLAYLIST_ID, "p", t + 1, "cloud-b"),
                // f joined after the order was made (it left and came back): the order no longer places it.
                change(Entity.TRACK, "f", Fields.PLAYLIST_ID, "p", t + 5, "cloud-a"));
        // The order's live tracks that joined before it (c, a), then the rest by the stamp of their playlist_id,
        // then id.
        assertEquals(
                List.of("c", "a", "d", "e", "b", "f"),
                library.playlist("p").orElseThrow().tracks().stream()
                        .map(Track::id)
                        .toList());
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6),
                library.playlist("p").orElseThrow().tracks().stream()
                        .map(Track::trackNumber)
                        .toList());
    }

    @Test
    void theCursorMovesWithItsPageOrNotAtAll() {
        Playlist p = library.create("Bedtime", null);
        long t = Hlc.pack(wall.get(), 0) + 100;
        library.applyFromCloud(7, List.of(change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Car", t, "cloud-a")));
        assertEquals(7, library.cloudCursor());
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TRIGGER boom BEFORE INSERT ON tracks WHEN NEW.title = 'boom' "
                        + "BEGIN SELECT RAISE(ABORT, 'injected'); END");
            }
            return null;
        });
        List<List<String>> before = OutboxRecords.everything(db);
        List<FieldChange> page = new ArrayList<>();
        page.add(change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Zoo", t + 1, "cloud-a"));
        page.add(change(Entity.TRACK, "t", Fields.TITLE, "boom", t + 1, "cloud-a"));
        page.add(change(Entity.TRACK, "t", Fields.PLAYLIST_ID, p.id(), t + 1, "cloud-a"));
        assertThrows(RuntimeException.class, () -> library.applyFromCloud(9, page));
        assertEquals(before, OutboxRecords.everything(db), "nothing of the page, no cursor, no clock");
        assertEquals(7, library.cloudCursor());
        assertEquals("Car", library.playlist(p.id()).orElseThrow().title());
        // A page from before the cursor (a late duplicate) does not move it back.
        library.applyFromCloud(3, List.of());
        assertEquals(7, library.cloudCursor());
        assertThrows(IllegalArgumentException.class, () -> library.applyFromCloud(-1, List.of()));
    }

    @Test
    void applyingWritesNothingToTheOutbox() {
        Playlist p = library.create("Bedtime", null);
        while (!outbox.oldest(100).isEmpty()) {
            outbox.remove(outbox.oldest(1).get(0).changeId());
        }
        long t = Hlc.pack(wall.get(), 0) + 100;
        apply(
                change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Zoo", t, "cloud-a"),
                change(Entity.PLAYLIST, "q", Fields.TITLE, "New", t, "cloud-a"),
                change(Entity.TRACK, "t", Fields.PLAYLIST_ID, "q", t, "cloud-a"),
                change(Entity.TAG, "04a1", Fields.PLAYLIST_ID, "q", t, "cloud-a"));
        assertEquals(0, outbox.depth());
        assertEquals("04a1", library.playlist("q").orElseThrow().nfcTagId());
    }

    @Test
    void theBoxsNextEditStampsAboveWhatItReceivedWithItsClockADayBehind() {
        Playlist p = library.create("Bedtime", null);
        long cloud = Hlc.pack(wall.get() + DAY, 5);
        wall.addAndGet(-DAY);
        apply(change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Zoo", cloud, "cloud-a"));
        library.update(p.id(), "Mine", null);
        Stamp mine = stampOf(Entity.PLAYLIST, p.id(), Fields.TITLE);
        assertTrue(mine.hlc() > cloud, "the box's edit " + mine + " must come after " + Hlc.format(cloud));
        assertEquals("Mine", library.playlist(p.id()).orElseThrow().title());
        // Also after a restart, and for a stamp that only lost: the clock heard it anyway.
        long losing = Hlc.pack(wall.get() + 2 * DAY, 0);
        Stamp held = stampOf(Entity.PLAYLIST, p.id(), Fields.DESCRIPTION);
        assertNull(held);
        apply(
                change(Entity.PLAYLIST, p.id(), Fields.TITLE, "Old", mine.hlc() - 1, "cloud-a"),
                change(Entity.TRACK, "x", Fields.TITLE, "t", losing, "cloud-a"));
        db.close();
        db = Database.open(tmp);
        library = new SqliteLibrary(db, wall::get);
        library.update(p.id(), "Again", null);
        assertTrue(stampOf(Entity.PLAYLIST, p.id(), Fields.TITLE).hlc() > losing);
    }

    @Test
    void aTagLinkedOnBothSidesToOnePlaylistPlaysItAndCanBeUnlinked() {
        Playlist p = library.create("Bedtime", null);
        library.linkTag(p.id(), "04a1");
        long older = stampOf(Entity.TAG, "04a1", Fields.PLAYLIST_ID).hlc() - 1;
        // The cloud linked another tag to the same playlist meanwhile, with an older stamp.
        apply(change(Entity.TAG, "04b2", Fields.PLAYLIST_ID, p.id(), older, "cloud-a"));
        assertEquals("04a1", library.playlist(p.id()).orElseThrow().nfcTagId(), "the newest link shows");
        assertEquals(p.id(), library.playlistForTag("04b2").orElseThrow().id(), "the other plays it too");
        assertEquals(p.id(), library.unlinkTag("04b2").orElseThrow().id());
        assertTrue(library.playlistForTag("04b2").isEmpty());
        assertEquals("04a1", library.playlist(p.id()).orElseThrow().nfcTagId(), "the shown tag stays");
    }

    @Test
    void aCloudTracksFileFollowsItsMediaAndAnUploadedFileStays() {
        Playlist p = library.create("Bedtime", null);
        Track own = add(p.id(), "Own");
        long t = Hlc.pack(wall.get(), 0) + 100;
        String other = "cd".repeat(32);
        apply(
                change(Entity.TRACK, "c", Fields.PLAYLIST_ID, p.id(), t, "cloud-a"),
                change(Entity.TRACK, "c", Fields.TITLE, "Cloud", t, "cloud-a"));
        assertEquals("", track("c").filePath(), "no media yet: no file named");
        apply(change(Entity.TRACK, "c", Fields.MEDIA, new Media(SHA, "k1", "mp3", 5), t + 1, "cloud-a"));
        assertEquals(SHA + ".mp3", track("c").filePath());
        apply(change(Entity.TRACK, "c", Fields.MEDIA, new Media(other, "k2", "ogg", 7), t + 2, "cloud-a"));
        assertEquals(other + ".ogg", track("c").filePath(), "a new upload's file");
        assertEquals(7, track("c").fileSize());
        apply(change(Entity.TRACK, own.id(), Fields.MEDIA, new Media(SHA, "k1", "mp3", 5), t + 3, "cloud-a"));
        assertEquals("Own.mp3", track(own.id()).filePath(), "the box's own file stays where it is");
        assertEquals(SHA, column("SELECT sha256 FROM tracks WHERE id = ?", own.id()));
    }
}
