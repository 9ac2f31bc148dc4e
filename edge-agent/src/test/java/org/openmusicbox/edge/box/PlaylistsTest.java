package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;

class PlaylistsTest {

    @TempDir
    Path dir;

    BoxHarness box;

    @BeforeEach
    void start() {
        box = new BoxHarness(dir, 100);
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private JsonNode json(RecordingFanout.Sent sent) {
        return box.codec.readTree(sent.json());
    }

    private Playlist withTracks(String title, int tracks) {
        Playlist p = box.onBox(() -> box.playlists.create(title, null));
        for (int i = 1; i <= tracks; i++) {
            int n = i;
            box.library.addTrack(
                    p.id(),
                    new Library.NewTrack(
                            "t" + n,
                            "t" + n + ".mp3",
                            box.library.mediaDir().resolve("t" + n + ".mp3").toString(),
                            1000L * n,
                            null,
                            null,
                            10));
        }
        return box.library.playlist(p.id()).orElseThrow();
    }

    @Test
    void everyChangeIsAnnouncedOnceWithRisingSequenceNumbers() {
        Playlist p = box.onBox(() -> box.playlists.create("Songs", "for the car"));
        box.onBox(() -> box.playlists.update(p.id(), "Songs 2", null));
        box.onBox(() -> box.playlists.delete(p.id()));
        var sent = box.fanout.sent();
        assertEquals(
                List.of(
                        Events.STATE_PLAYLIST_CREATED,
                        Events.STATE_PLAYLIST_UPDATED,
                        Events.STATE_PLAYLIST,
                        Events.STATE_PLAYLIST_DELETED),
                sent.stream().map(RecordingFanout.Sent::event).toList());
        long last = 0;
        for (var s : sent) {
            long seq = json(s).get("server_seq").asLong();
            assertTrue(seq > last, "server_seq must rise: " + seq + " after " + last);
            last = seq;
        }
        JsonNode roomEvent = json(sent.get(2));
        assertEquals("room:playlist:" + p.id(), sent.get(2).target());
        assertEquals(p.id(), roomEvent.get("playlist_id").asText());
        assertEquals(1, roomEvent.get("playlist_seq").asLong());
    }

    @Test
    void badTitlesAreRefusedAndNothingIsWritten() {
        for (String bad : new String[] {null, "", "   ", "x".repeat(256), "bell\u0007"}) {
            BoxError e = assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.create(bad, null)));
            assertEquals("validation_error", e.errorType());
        }
        assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.create("ok", "d".repeat(1001))));
        assertEquals(0, box.library.count());
        assertTrue(box.fanout.sent().isEmpty());
    }

    @Test
    void unknownPlaylistsAreNotFound() {
        BoxError e = assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.update("nope", "x", null)));
        assertEquals(404, e.status());
        assertEquals(
                404,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.delete("nope")))
                        .status());
        assertEquals(
                400,
                assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.update("nope", null, null)))
                        .status());
    }

    @Test
    void deletingTracksKeepsNumbersDenseAndTellsThePlaylistRoom() {
        Playlist p = withTracks("Five", 5);
        Playlist after = box.onBox(() -> box.playlists.deleteTracks(p.id(), List.of(1, 3)));
        assertEquals(
                List.of(1, 2, 3),
                after.tracks().stream().map(t -> t.trackNumber()).toList());
        assertEquals(
                List.of("t2", "t4", "t5"),
                after.tracks().stream().map(t -> t.title()).toList());
        var deleted = box.fanout.events(Events.STATE_TRACK_DELETED);
        assertEquals(1, deleted.size());
        assertEquals(
                "[1,3]", json(deleted.get(0)).get("data").get("track_numbers").toString());
    }

    @Test
    void aPartialReorderIsRefusedAndChangesNothing() {
        Playlist p = withTracks("Three", 3);
        List<String> ids = p.tracks().stream().map(t -> t.id()).toList();
        box.fanout.clear();
        assertThrows(BoxError.class, () -> box.onBox(() -> box.playlists.reorder(p.id(), List.of(ids.get(2)))));
        assertEquals(
                ids,
                box.library.playlist(p.id()).orElseThrow().tracks().stream()
                        .map(t -> t.id())
                        .toList());
        assertTrue(box.fanout.sent().isEmpty());
        Playlist reordered =
                box.onBox(() -> box.playlists.reorder(p.id(), List.of(ids.get(2), ids.get(0), ids.get(1))));
        assertEquals(
                List.of(ids.get(2), ids.get(0), ids.get(1)),
                reordered.tracks().stream().map(t -> t.id()).toList());
    }

    @Test
    void movingATrackUpdatesBothPlaylists() {
        Playlist a = withTracks("A", 2);
        Playlist b = withTracks("B", 1);
        var move = box.onBox(() -> box.playlists.move(a.id(), b.id(), 1, 1));
        assertEquals(1, move.source().trackCount());
        assertEquals(2, move.target().trackCount());
        assertEquals("t1", move.target().tracks().get(0).title());
        assertEquals(2, box.fanout.events(Events.STATE_PLAYLIST_UPDATED).size());
    }
}
