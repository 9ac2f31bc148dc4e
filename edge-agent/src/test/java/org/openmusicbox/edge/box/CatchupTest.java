package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.events.Catchup;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.protocol.v1.Playlist;

class CatchupTest {

    @TempDir
    Path dir;

    BoxHarness box;

    @AfterEach
    void stop() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void replaysExactlyTheMissedEventsOfTheRequestedRoomsInOrder() {
        box = new BoxHarness(dir, 1000);
        Playlist p = box.onBox(() -> box.playlists.create("A", null));
        long seen = box.onBox(() -> box.broadcaster.currentSeq());
        for (int i = 0; i < 50; i++) {
            int n = i;
            box.onBox(() -> box.playlists.update(p.id(), "A" + n, null));
        }
        Catchup catchup = new Catchup(box.broadcaster);
        var plan = assertInstanceOf(
                Catchup.Replay.class, box.onBox(() -> catchup.plan(seen, Map.of(), List.of("playlists"))));
        assertEquals(50, plan.events().size());
        long last = seen;
        for (var e : plan.events()) {
            assertTrue(e.serverSeq() > last);
            last = e.serverSeq();
        }
        var room = assertInstanceOf(
                Catchup.Replay.class,
                box.onBox(() -> catchup.plan(0, Map.of(p.id(), 45L), List.of("playlist:" + p.id()))));
        assertEquals(
                List.of(46L, 47L, 48L, 49L, 50L),
                room.events().stream().map(History.Entry::playlistSeq).toList());
    }

    @Test
    void tooOldAndAheadAreRefused() {
        box = new BoxHarness(dir, 10);
        Playlist p = box.onBox(() -> box.playlists.create("A", null));
        for (int i = 0; i < 20; i++) {
            int n = i;
            box.onBox(() -> box.playlists.update(p.id(), "A" + n, null));
        }
        Catchup catchup = new Catchup(box.broadcaster);
        var old = assertInstanceOf(
                Catchup.Refused.class, box.onBox(() -> catchup.plan(1, Map.of(), List.of("playlists"))));
        assertEquals(Catchup.TOO_OLD, old.error());
        var ahead = assertInstanceOf(
                Catchup.Refused.class, box.onBox(() -> catchup.plan(1_000_000, Map.of(), List.of("playlists"))));
        assertEquals(Catchup.AHEAD, ahead.error());
    }

    @Test
    void onlyKnownRoomNamesAreAccepted() {
        assertTrue(
                Catchup.invalidRoom(List.of("playlists", "nfc", "playlist:abc")).isEmpty());
        assertTrue(Catchup.invalidRoom(List.of("kitchen")).isPresent());
        assertTrue(Catchup.invalidRoom(List.of("playlist:")).isPresent());
        assertTrue(Catchup.invalidRoom(List.of("playlist:" + "x".repeat(101))).isPresent());
    }
}
