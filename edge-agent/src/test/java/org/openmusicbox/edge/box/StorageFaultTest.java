package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.StorageFault;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;

/**
 * Every write a client can ask for, on a library that cannot take it: SQLite's own limits stand in
 * for the card ({@code max_page_count} for a full one, {@code query_only} for a read-only one), so
 * this needs no root. The answer names the fault and the library is as it was.
 */
class StorageFaultTest {

    @TempDir
    Path dir;

    private BoxHarness box;
    private Playlist songs;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir, 100);
        songs = box.onBox(() -> box.playlists.create("Songs", "for the car"));
        box.library.addTrack(
                songs.id(),
                new Library.NewTrack(
                        "One",
                        "one.mp3",
                        box.library.mediaDir().resolve("one.mp3").toString(),
                        1000,
                        null,
                        null,
                        10));
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private void pragma(String sql) {
        box.database.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    @Test
    void everyWriteOnAReadOnlyLibraryIsRefusedAsReadOnlyAndChangesNothing() {
        Playlist before = box.library.playlist(songs.id()).orElseThrow();
        var settingsBefore = box.player.settings();
        pragma("PRAGMA query_only = 1");
        Map<String, Supplier<Object>> writes = Map.of(
                "create", () -> box.playlists.create("New", ""),
                "update", () -> box.playlists.update(songs.id(), "Renamed", null),
                "delete_tracks", () -> box.playlists.deleteTracks(songs.id(), List.of(1)),
                "link_tag", () -> box.playlists.linkTag(songs.id(), "04a1b2c3"),
                "settings", () -> box.player.configure(40, false, null),
                "delete", () -> box.playlists.delete(songs.id()));
        writes.forEach((name, write) -> {
            Operations.Outcome outcome = box.op(name, null, Operations.ReplyTo.client("parent-socket"), write);
            Operations.Failed failed = assertInstanceOf(Operations.Failed.class, outcome, name);
            assertEquals("storage_read_only", failed.error().errorType(), name);
            assertEquals(503, failed.error().status(), name);
            assertTrue(
                    failed.error().getMessage().contains("read-only"),
                    failed.error().getMessage());
        });
        pragma("PRAGMA query_only = 0");
        assertEquals(before, box.library.playlist(songs.id()).orElseThrow(), "the playlist is as it was");
        assertEquals(1, box.library.count());
        assertEquals(settingsBefore, box.player.settings(), "the settings are as they were");
        assertEquals(writes.size(), box.fanout.events(Events.ERR_OP).size(), "each socket caller got err:op");
        assertTrue(
                box.fanout.events(Events.ERR_OP).stream().allMatch(s -> s.json().contains("storage_read_only")));
    }

    @Test
    void aFullLibraryRefusesWith507AndKeepsEveryEarlierWrite() {
        long pages = box.database.read(c -> {
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("PRAGMA page_count")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        pragma("PRAGMA max_page_count = " + (pages + 3));
        int created = 0;
        Operations.Failed refused = null;
        for (int i = 0; i < 1000 && refused == null; i++) {
            int n = i;
            Operations.Outcome outcome = box.op(
                    "create",
                    null,
                    Operations.ReplyTo.PLAYLISTS_ROOM,
                    () -> box.playlists.create("More " + n, "d".repeat(1000)));
            if (outcome instanceof Operations.Failed f) {
                refused = f;
            } else {
                created++;
            }
        }
        assertTrue(refused != null, "the library filled up");
        assertEquals("insufficient_storage", refused.error().errorType());
        assertEquals(507, refused.error().status());
        assertEquals(1 + created, box.library.count(), "nothing half-written");
        assertEquals(
                created + 1,
                box.fanout.events(Events.STATE_PLAYLIST_CREATED).size(),
                "no event for the refused playlist");
    }

    @Test
    void theFileSystemsOwnWordsAreRecognised() {
        assertEquals(Optional.of(StorageFault.FULL), StorageFault.of(new IOException("No space left on device")));
        assertEquals(Optional.of(StorageFault.READ_ONLY), StorageFault.of(new IOException("x: Read-only file system")));
        assertEquals(Optional.empty(), StorageFault.of(new IOException("Connection reset")));
        assertEquals(Optional.empty(), StorageFault.of(new IllegalStateException("a bug")));
    }
}
