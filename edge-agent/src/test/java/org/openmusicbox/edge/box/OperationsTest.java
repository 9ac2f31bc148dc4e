package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.Playlist;

class OperationsTest {

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

    @Test
    void anOperationRepeatedWithTheSameIdIsAppliedOnce() {
        var first = box.op("create", "op-1", Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("A", null));
        var again = box.op("create", "op-1", Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("A", null));
        assertEquals(1, box.library.count());
        Operations.Done one = assertInstanceOf(Operations.Done.class, first);
        Operations.Done two = assertInstanceOf(Operations.Done.class, again);
        assertTrue(two.replayed());
        assertEquals(((Playlist) one.data()).id(), ((Playlist) two.data()).id());
        assertEquals(1, box.fanout.events(Events.STATE_PLAYLIST_CREATED).size());
        assertEquals(2, box.fanout.events(Events.ACK_OP).size(), "the retry is answered again");
    }

    @Test
    void afterFiveMinutesTheSameIdIsANewOperation() {
        box.op("create", "op-1", Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("A", null));
        box.now += Operations.WINDOW.toMillis() + 1;
        box.op("create", "op-1", Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("A", null));
        assertEquals(2, box.library.count());
    }

    @Test
    void aRefusedOperationIsAnsweredWithErrOpToTheCallerAndChangesNothing() {
        var outcome =
                box.op("create", "op-2", Operations.ReplyTo.client("sid-1"), () -> box.playlists.create(" ", null));
        Operations.Failed failed = assertInstanceOf(Operations.Failed.class, outcome);
        assertEquals("validation_error", failed.error().errorType());
        assertEquals(0, box.library.count());
        var errors = box.fanout.events(Events.ERR_OP);
        assertEquals(1, errors.size());
        assertEquals("client:sid-1", errors.get(0).target());
        assertTrue(
                errors.get(0).json().contains("\"client_op_id\":\"op-2\""),
                errors.get(0).json());
        assertTrue(box.fanout.events(Events.STATE_PLAYLIST_CREATED).isEmpty());
    }

    @Test
    void httpOperationsAreAcknowledgedInRoomPlaylistsAndWithoutAnIdNotAtAll() {
        box.op("create", "op-3", Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("A", null));
        box.op("create", null, Operations.ReplyTo.PLAYLISTS_ROOM, () -> box.playlists.create("B", null));
        var acks = box.fanout.events(Events.ACK_OP);
        assertEquals(1, acks.size());
        assertEquals("room:playlists", acks.get(0).target());
        assertEquals(2, box.library.count());
    }
}
