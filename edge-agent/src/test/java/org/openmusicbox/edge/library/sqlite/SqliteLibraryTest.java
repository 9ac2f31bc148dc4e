package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Library.NewTrack;
import org.openmusicbox.edge.library.Library.PlaylistPage;
import org.openmusicbox.edge.library.Library.TrackMove;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;

class SqliteLibraryTest {

    @TempDir
    Path tmp;

    private Database db;
    private Library library;

    @BeforeEach
    void open() {
        db = Database.open(tmp);
        library = new SqliteLibrary(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    // --- playlists ---------------------------------------------------------------------------------

    @Test
    void createReadUpdateAndCount() {
        Playlist created = library.create("Bedtime", "calm songs");
        assertEquals("Bedtime", created.title());
        assertEquals("calm songs", created.description());
        assertNull(created.nfcTagId());
        assertEquals(List.of(), created.tracks());
        assertEquals(0, created.trackCount());
        assertEquals(created.createdAt(), created.updatedAt());

        assertEquals(created, library.playlist(created.id()).orElseThrow());
        assertEquals(1, library.count());

        Playlist renamed = library.update(created.id(), "Nap time", null).orElseThrow();
        assertEquals("Nap time", renamed.title());
        assertEquals("calm songs", renamed.description());
        Playlist described = library.update(created.id(), null, "very calm").orElseThrow();
        assertEquals("Nap time", described.title());
        assertEquals("very calm", described.description());
        assertEquals(described, library.playlist(created.id()).orElseThrow());
        assertEquals(created.createdAt(), described.createdAt());

        assertTrue(library.update("unknown", "x", null).isEmpty());
        assertTrue(library.playlist("unknown").isEmpty());
    }

    @Test
    void titlesAreStoredAsGiven() {
        Playlist odd = library.create("  L'été \"à\" la mer; DROP TABLE tracks --  ", null);
        assertEquals(
                "  L'été \"à\" la mer; DROP TABLE tracks --  ",
                library.playlist(odd.id()).orElseThrow().title());
        assertNull(library.playlist(odd.id()).orElseThrow().description());
    }

    @Test
    void pagesCarryTheTrueTotalInCreationOrder() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            ids.add(library.create("P" + i, null).id());
        }
        addTrack(ids.get(3), "in page two", 1000);

        PlaylistPage first = library.page(1, 3);
        PlaylistPage second = library.page(2, 3);
        PlaylistPage third = library.page(3, 3);
        PlaylistPage beyond = library.page(4, 3);

        assertEquals(List.of("P1", "P2", "P3"), titles(first));
        assertEquals(List.of("P4", "P5", "P6"), titles(second));
        assertEquals(List.of("P7"), titles(third));
        assertEquals(List.of(), titles(beyond));
        for (PlaylistPage page : List.of(first, second, third, beyond)) {
            assertEquals(7, page.total());
            assertEquals(3, page.totalPages());
            assertEquals(3, page.limit());
        }
        assertEquals(2, second.page());
        Playlist withTrack = second.playlists().get(0);
        assertEquals(1, withTrack.trackCount());
        assertEquals("in page two", withTrack.tracks().get(0).title());
        assertEquals(0, second.playlists().get(1).trackCount());

        assertEquals(ids, library.summaries().stream().map(PlaylistLite::id).toList());
        assertThrows(IllegalArgumentException.class, () -> library.page(0, 3));
        assertThrows(IllegalArgumentException.class, () -> library.page(1, -1));
    }

    @Test
    void creationOrderSurvivesDeletesAndRenames() {
        String a = library.create("A", null).id();
        String b = library.create("B", null).id();
        library.delete(a);
        String c = library.create("C", null).id();
        library.update(b, "Z", null);
        assertEquals(
                List.of(b, c),
                library.summaries().stream().map(PlaylistLite::id).toList());
        assertEquals(2, library.page(1, 10).total());
    }

    @Test
    void playlistsAndSummariesCountTracksAndDuration() throws IOException {
        String id = library.create("Songs", null).id();
        addTrack(id, "one", 1500);
        addTrack(id, "two", 2500);

        Playlist playlist = library.playlist(id).orElseThrow();
        assertEquals(2, playlist.trackCount());
        assertEquals(4000, playlist.totalDurationMs());
        PlaylistLite lite = library.summaries().get(0);
        assertEquals(2, lite.trackCount());
        assertEquals(playlist.lite(), lite);
    }

    @Test
    void deleteRemovesTracksRowsAndAudioFiles() throws IOException {
        String doomed = library.create("Doomed", null).id();
        String kept = library.create("Kept", null).id();
        Track first = addTrack(doomed, "one", 10);
        Track second = addTrack(doomed, "two", 10);
        Track other = addTrack(kept, "other", 10);
        Files.delete(library.mediaDir().resolve(second.filePath())); // already gone: still fine

        assertTrue(library.delete(doomed));

        assertTrue(library.playlist(doomed).isEmpty());
        assertFalse(Files.exists(library.mediaDir().resolve(first.filePath())));
        assertFalse(Files.exists(db.mediaDir().resolve(doomed)), "the emptied playlist directory goes too");
        assertTrue(Files.exists(library.mediaDir().resolve(other.filePath())));
        assertEquals(1, library.count());
        assertEquals(List.of(other), library.playlist(kept).orElseThrow().tracks());
        int trackRows = db.read(c -> {
            try (var statement = c.createStatement();
                    var rs = statement.executeQuery("SELECT COUNT(*) FROM tracks")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertEquals(1, trackRows);
        assertFalse(library.delete(doomed));
        assertTrue(Files.isDirectory(db.mediaDir()));
    }

    @Test
    void aFileStillUsedByAnotherTrackIsKept() throws IOException {
        String first = library.create("First", null).id();
        String second = library.create("Second", null).id();
        String third = library.create("Third", null).id();
        Track shared = addTrack(first, "shared", 0);
        Path file = library.mediaDir().resolve(shared.filePath());
        for (String other : List.of(second, third)) {
            library.addTrack(other, new NewTrack("same file", shared.filename(), shared.filePath(), 0, null, null, 0));
        }

        assertTrue(library.delete(first));
        assertTrue(Files.exists(file), "delete keeps a file another playlist uses");
        library.deleteTracks(second, List.of(1));
        assertTrue(Files.exists(file), "deleteTracks keeps a file another playlist uses");

        assertTrue(library.delete(third));
        assertFalse(Files.exists(file));
    }

    @Test
    void deleteLeavesFilesOutsideTheMediaDirectory() throws IOException {
        String id = library.create("Elsewhere", null).id();
        Path outside = Files.writeString(tmp.resolve("outside.mp3"), "audio");
        library.addTrack(id, new NewTrack("t", "outside.mp3", outside.toString(), 0, null, null, 5));
        assertTrue(library.delete(id));
        assertTrue(Files.exists(outside));
    }

    @Test
    void dataSurvivesReopen() throws IOException {
        String id = library.create("Kept", "forever").id();
        Track track = addTrack(id, "one", 42);
        db.close();

        db = Database.open(tmp);
        library = new SqliteLibrary(db);
        Playlist reopened = library.playlist(id).orElseThrow();
        assertEquals("forever", reopened.description());
        assertEquals(List.of(track), reopened.tracks());
    }

    // --- tracks ------------------------------------------------------------------------------------

    @Test
    void addTrackAppendsWithAllFields() throws IOException {
        String id = library.create("Songs", null).id();
        Path file = audioFile(id, "song.mp3");
        Track added = library.addTrack(
                        id, new NewTrack("Song", "song.mp3", file.toString(), 1234, "Artist", "Album", 5))
                .orElseThrow();
        Track second = addTrack(id, "second", 0);

        assertEquals(1, added.trackNumber());
        assertEquals(2, second.trackNumber());
        assertEquals(List.of(added, second), library.playlist(id).orElseThrow().tracks());
        assertEquals(id, added.playlistId());
        assertEquals("Artist", added.artist());
        assertEquals("Album", added.album());
        assertEquals(1234, added.durationMs());
        assertEquals(5, added.fileSize());
        assertEquals(
                library.mediaDir().relativize(file).toString(),
                added.filePath(),
                "relative to the media directory: no server path leaves the box");
        assertTrue(library.addTrack("unknown", new NewTrack("x", "x", "x", 0, null, null, 0))
                .isEmpty());
    }

    @Test
    void absolutePathsStoredByEarlierVersionsAreMadeRelativeOnce() throws IOException {
        String id = library.create("Songs", null).id();
        Path file = audioFile(id, "old.mp3");
        Track track = library.addTrack(id, new NewTrack("Old", "old.mp3", file.toString(), 1, null, null, 1))
                .orElseThrow();
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE tracks SET file_path = ? WHERE id = ?")) {
                ps.setString(1, file.toString());
                ps.setString(2, track.id());
                return ps.executeUpdate();
            }
        });
        assertEquals(
                file.toString(),
                library.playlist(id).orElseThrow().tracks().get(0).filePath(),
                "as stored before");
        SqliteLibrary reopened = new SqliteLibrary(db);
        String path = reopened.playlist(id).orElseThrow().tracks().get(0).filePath();
        assertFalse(Path.of(path).isAbsolute(), path);
        assertEquals(file, reopened.mediaDir().resolve(path));
        assertTrue(reopened.deleteTracks(id, List.of(1)).isPresent());
        assertFalse(Files.exists(file), "the file is still found, and deleted with its track");
    }

    @Test
    void deletingTracksOneAndThreeOfFiveRenumbersDensely() throws IOException {
        String id = library.create("Five", null).id();
        List<Track> tracks = addTracks(id, 5);

        Playlist after = library.deleteTracks(id, List.of(3, 1)).orElseThrow();

        assertEquals(List.of("t2", "t4", "t5"), trackTitles(after));
        assertEquals(List.of(1, 2, 3), numbers(after));
        assertEquals(after, library.playlist(id).orElseThrow());
        assertFalse(Files.exists(library.mediaDir().resolve(tracks.get(0).filePath())));
        assertFalse(Files.exists(library.mediaDir().resolve(tracks.get(2).filePath())));
        assertTrue(Files.exists(library.mediaDir().resolve(tracks.get(1).filePath())));

        Track appended = addTrack(id, "t6", 0);
        assertEquals(4, appended.trackNumber(), "no collision with an old number after deletes");
    }

    @Test
    void deletingAnUnknownTrackNumberDeletesNothing() throws IOException {
        String id = library.create("Three", null).id();
        List<Track> tracks = addTracks(id, 3);
        Playlist before = library.playlist(id).orElseThrow();

        assertThrows(IllegalArgumentException.class, () -> library.deleteTracks(id, List.of(1, 4)));
        assertThrows(IllegalArgumentException.class, () -> library.deleteTracks(id, List.of(0)));

        assertEquals(before, library.playlist(id).orElseThrow());
        tracks.forEach(t -> assertTrue(Files.exists(library.mediaDir().resolve(t.filePath()))));
        assertTrue(library.deleteTracks("unknown", List.of(1)).isEmpty());
    }

    @Test
    void reorderAppliesAPermutation() throws IOException {
        String id = library.create("Four", null).id();
        List<Track> tracks = addTracks(id, 4);
        List<String> order = List.of(
                tracks.get(3).id(),
                tracks.get(1).id(),
                tracks.get(0).id(),
                tracks.get(2).id());

        Playlist after = library.reorder(id, order).orElseThrow();

        assertEquals(List.of("t4", "t2", "t1", "t3"), trackTitles(after));
        assertEquals(List.of(1, 2, 3, 4), numbers(after));
        assertEquals(order, after.tracks().stream().map(Track::id).toList());
        assertEquals(after, library.playlist(id).orElseThrow());
        assertTrue(library.reorder("unknown", List.of()).isEmpty());
    }

    @Test
    void reorderRejectsAnythingButAnExactPermutation() throws IOException {
        String id = library.create("Three", null).id();
        List<String> ids = addTracks(id, 3).stream().map(Track::id).toList();
        String foreign = addTracks(library.create("Other", null).id(), 1).get(0).id();
        Playlist before = library.playlist(id).orElseThrow();

        List<List<String>> bad = List.of(
                List.of(ids.get(2), ids.get(0)), // missing
                List.of(ids.get(2), ids.get(0), ids.get(0)), // duplicate
                List.of(ids.get(2), ids.get(0), ids.get(1), ids.get(1)), // duplicate, right size + 1
                List.of(ids.get(2), ids.get(0), foreign), // foreign
                List.of(ids.get(2), ids.get(0), ids.get(1), foreign), // extra
                List.of());
        for (List<String> order : bad) {
            assertThrows(IllegalArgumentException.class, () -> library.reorder(id, order), order.toString());
            assertEquals(before, library.playlist(id).orElseThrow(), order.toString());
        }
    }

    @Test
    void moveBetweenPlaylistsRenumbersBothAndKeepsTheFile() throws IOException {
        String source = library.create("Source", null).id();
        String target = library.create("Target", null).id();
        List<Track> sourceTracks = addTracks(source, 3);
        addTracks(target, "u", 2);

        TrackMove move = library.moveTrack(source, target, 2, 1).orElseThrow();

        assertEquals(List.of("t1", "t3"), trackTitles(move.source()));
        assertEquals(List.of(1, 2), numbers(move.source()));
        assertEquals(List.of("t2", "u1", "u2"), trackTitles(move.target()));
        assertEquals(List.of(1, 2, 3), numbers(move.target()));
        assertEquals(sourceTracks.get(1).id(), move.track().id());
        assertEquals(target, move.track().playlistId());
        assertEquals(1, move.track().trackNumber());
        assertEquals(sourceTracks.get(1).filePath(), move.track().filePath());
        assertTrue(Files.exists(library.mediaDir().resolve(move.track().filePath())));
        assertEquals(move.source(), library.playlist(source).orElseThrow());
        assertEquals(move.target(), library.playlist(target).orElseThrow());

        TrackMove appended = library.moveTrack(source, target, 1, null).orElseThrow();
        assertEquals(4, appended.track().trackNumber());
        assertEquals(List.of("t3"), trackTitles(appended.source()));
        assertEquals(List.of(1), numbers(appended.source()));
    }

    @Test
    void moveToTheEndPositionOfAnotherPlaylist() throws IOException {
        String source = library.create("Source", null).id();
        String target = library.create("Target", null).id();
        addTracks(source, 1);
        addTracks(target, "u", 2);

        TrackMove move = library.moveTrack(source, target, 1, 3).orElseThrow();

        assertEquals(3, move.track().trackNumber());
        assertEquals(List.of("u1", "u2", "t1"), trackTitles(move.target()));
        assertEquals(List.of(), move.source().tracks());
        assertEquals(List.of(1, 2, 3), numbers(move.target()));
    }

    @Test
    void moveWithinOnePlaylist() throws IOException {
        String id = library.create("Five", null).id();
        addTracks(id, 5);

        TrackMove down = library.moveTrack(id, id, 1, 4).orElseThrow();
        assertEquals(List.of("t2", "t3", "t4", "t1", "t5"), trackTitles(down.target()));
        assertEquals(4, down.track().trackNumber());
        assertEquals(down.source(), down.target());

        TrackMove up = library.moveTrack(id, id, 5, 1).orElseThrow();
        assertEquals(List.of("t5", "t2", "t3", "t4", "t1"), trackTitles(up.target()));

        TrackMove toEnd = library.moveTrack(id, id, 1, null).orElseThrow();
        assertEquals(List.of("t2", "t3", "t4", "t1", "t5"), trackTitles(toEnd.target()));
        assertEquals(5, toEnd.track().trackNumber());

        assertEquals(List.of(1, 2, 3, 4, 5), numbers(library.playlist(id).orElseThrow()));
    }

    @Test
    void moveRejectsUnknownNumbersAndPositionsAndChangesNothing() throws IOException {
        String source = library.create("Source", null).id();
        String target = library.create("Target", null).id();
        addTracks(source, 2);
        addTracks(target, 2);
        Playlist sourceBefore = library.playlist(source).orElseThrow();
        Playlist targetBefore = library.playlist(target).orElseThrow();

        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(source, target, 3, null));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(source, target, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(source, target, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(source, target, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> library.moveTrack(source, source, 1, 4));

        assertEquals(sourceBefore, library.playlist(source).orElseThrow());
        assertEquals(targetBefore, library.playlist(target).orElseThrow());
        assertTrue(library.moveTrack("unknown", target, 1, null).isEmpty());
        assertTrue(library.moveTrack(source, "unknown", 1, null).isEmpty());
    }

    @Test
    void everyTrackWriteTouchesThePlaylistUpdatedAt() throws IOException {
        String id = library.create("Songs", null).id();
        String other = library.create("Other", null).id();
        List<Track> tracks = addTracks(id, 3);

        backdate(id);
        addTrack(id, "t4", 0);
        assertNotEquals(LONG_AGO, updatedAt(id), "addTrack");

        backdate(id);
        library.reorder(
                id,
                List.of(
                        tracks.get(1).id(),
                        tracks.get(0).id(),
                        tracks.get(2).id(),
                        library.playlist(id).orElseThrow().tracks().get(3).id()));
        assertNotEquals(LONG_AGO, updatedAt(id), "reorder");

        backdate(id);
        library.deleteTracks(id, List.of(4));
        assertNotEquals(LONG_AGO, updatedAt(id), "deleteTracks");

        backdate(id);
        backdate(other);
        library.moveTrack(id, other, 1, null);
        assertNotEquals(LONG_AGO, updatedAt(id), "moveTrack source");
        assertNotEquals(LONG_AGO, updatedAt(other), "moveTrack target");
    }

    @Test
    void reportsMediaDirAndHealth() {
        assertEquals(db.mediaDir(), library.mediaDir());
        assertTrue(library.healthy());
        db.close();
        assertFalse(library.healthy());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static final String LONG_AGO = "2000-01-01T00:00:00Z";
    private int files;

    private void backdate(String playlistId) {
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE playlists SET updated_at = ? WHERE id = ?")) {
                ps.setString(1, LONG_AGO);
                ps.setString(2, playlistId);
                return ps.executeUpdate();
            }
        });
        assertEquals(LONG_AGO, updatedAt(playlistId));
    }

    private String updatedAt(String playlistId) {
        return library.playlist(playlistId).orElseThrow().updatedAt();
    }

    private Path audioFile(String playlistId, String name) throws IOException {
        Path dir = Files.createDirectories(db.mediaDir().resolve(playlistId));
        return Files.writeString(dir.resolve(name), "audio " + name);
    }

    private Track addTrack(String playlistId, String title, long durationMs) throws IOException {
        Path file = audioFile(playlistId, title + "-" + (++files) + ".mp3");
        return library.addTrack(
                        playlistId,
                        new NewTrack(
                                title,
                                file.getFileName().toString(),
                                file.toString(),
                                durationMs,
                                null,
                                null,
                                Files.size(file)))
                .orElseThrow();
    }

    private List<Track> addTracks(String playlistId, int n) throws IOException {
        return addTracks(playlistId, "t", n);
    }

    private List<Track> addTracks(String playlistId, String prefix, int n) throws IOException {
        List<Track> tracks = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            tracks.add(addTrack(playlistId, prefix + i, 100));
        }
        return tracks;
    }

    private static List<String> titles(PlaylistPage page) {
        return page.playlists().stream().map(Playlist::title).toList();
    }

    private static List<String> trackTitles(Playlist playlist) {
        return playlist.tracks().stream().map(Track::title).toList();
    }

    private static List<Integer> numbers(Playlist playlist) {
        return playlist.tracks().stream().map(Track::trackNumber).toList();
    }

    @Test
    void aTagLinksToOnePlaylistAtATime() {
        Playlist a = library.create("A", "");
        Playlist b = library.create("B", "");
        assertEquals(
                "04a22b1c", library.linkTag(a.id(), "04a22b1c").orElseThrow().nfcTagId());
        assertEquals(a.id(), library.playlistForTag("04a22b1c").orElseThrow().id());

        library.linkTag(b.id(), "04a22b1c");
        assertEquals(b.id(), library.playlistForTag("04a22b1c").orElseThrow().id());
        assertNull(library.playlist(a.id()).orElseThrow().nfcTagId(), "the tag left its old playlist");

        assertTrue(library.linkTag("nope", "04a22b1c").isEmpty());
        assertEquals(b.id(), library.unlinkTag("04a22b1c").orElseThrow().id());
        assertTrue(library.playlistForTag("04a22b1c").isEmpty());
        assertTrue(library.unlinkTag("04a22b1c").isEmpty());
    }

    @Test
    void linkingANewTagReplacesThePlaylistsOldOne() {
        Playlist a = library.create("A", "");
        library.linkTag(a.id(), "aaaa1111");
        library.linkTag(a.id(), "bbbb2222");
        assertTrue(library.playlistForTag("aaaa1111").isEmpty());
        assertEquals(a.id(), library.playlistForTag("bbbb2222").orElseThrow().id());
    }
}
