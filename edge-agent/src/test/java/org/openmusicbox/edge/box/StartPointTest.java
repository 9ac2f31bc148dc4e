package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/** Where a start begins, without a deck: the track asked for, the resume point, or the first track. */
class StartPointTest {

    private static Track track(int n) {
        return new Track("t" + n, "p", n, "Track " + n, n + ".mp3", n + ".mp3", 60_000, null, null, 10, "", "");
    }

    private static Playlist playlist(int count) {
        List<Track> tracks =
                IntStream.rangeClosed(1, count).mapToObj(StartPointTest::track).toList();
        return new Playlist("p", "Songs", null, null, tracks, tracks.size(), 0, "", "");
    }

    private static PlayOrder loaded(Playlist p, boolean shuffled) {
        PlayOrder order = new PlayOrder(new Random(7));
        order.shuffle(shuffled);
        order.load(p);
        return order;
    }

    private static Supplier<Optional<PlayerMemory.ResumePoint>> leftAt(String trackId, long positionMs) {
        return () -> Optional.of(new PlayerMemory.ResumePoint(trackId, positionMs));
    }

    /** A resume point that must not be read: reading it is a card access the choice did not need. */
    private static Supplier<Optional<PlayerMemory.ResumePoint>> notToBeRead() {
        return () -> {
            throw new AssertionError("the resume point was read");
        };
    }

    @Test
    void theTrackAskedForBeatsTheResumePointAndStartsAtItsBeginning() {
        PlayOrder order = loaded(playlist(5), false);
        Track asked = StartPoint.asked(playlist(5), 4);
        assertEquals("t4", asked.id());
        assertEquals(new StartPoint(3, 0), StartPoint.in(order, asked, true, notToBeRead()));
    }

    @Test
    void withoutATrackAskedForItResumesWhereThePlaylistWasLeft() {
        PlayOrder order = loaded(playlist(5), false);
        assertEquals(new StartPoint(2, 42_000), StartPoint.in(order, null, true, leftAt("t3", 42_000)));
    }

    @Test
    void theResumePointIsFoundInTheShuffledOrderNotByTrackNumber() {
        PlayOrder order = loaded(playlist(20), true);
        int where = order.indexOf("t3");
        assertTrue(where != 2, "seed 7 must move t3 for this test to mean anything; it is at " + where);
        assertEquals(new StartPoint(where, 1_500), StartPoint.in(order, null, true, leftAt("t3", 1_500)));
    }

    @Test
    void fromTheBeginningOrWithResumingOffItStartsAtTheFirstTrackWithoutReadingTheCard() {
        PlayOrder order = loaded(playlist(5), false);
        assertSame(StartPoint.FIRST_TRACK, StartPoint.in(order, null, false, notToBeRead()));
        assertEquals(new StartPoint(0, 0), StartPoint.FIRST_TRACK);
    }

    @Test
    void withNothingLeftOrItsTrackGoneItStartsAtTheFirstTrack() {
        PlayOrder order = loaded(playlist(5), false);
        assertEquals(StartPoint.FIRST_TRACK, StartPoint.in(order, null, true, Optional::empty));
        assertEquals(StartPoint.FIRST_TRACK, StartPoint.in(order, null, true, leftAt("t9", 30_000)));
    }

    @Test
    void noTrackAskedForIsNull() {
        assertNull(StartPoint.asked(playlist(3), null));
    }

    @Test
    void aTrackNumberThePlaylistLacksIsRefusedAsInvalid() {
        BoxError e = assertThrows(BoxError.class, () -> StartPoint.asked(playlist(3), 4));
        assertEquals(BoxError.invalid("x").errorType(), e.errorType());
        assertEquals("The playlist has no track 4", e.getMessage());
        assertThrows(BoxError.class, () -> StartPoint.asked(playlist(3), 0));
        assertThrows(BoxError.class, () -> StartPoint.asked(playlist(3), -1));
    }

    @Test
    void aPlaylistWithoutTracksIsAConflictEvenWithNoTrackAskedFor() {
        Playlist empty = new Playlist("p", "Empty", null, null, List.of(), 0, 0, "", "");
        BoxError e = assertThrows(BoxError.class, () -> StartPoint.asked(empty, null));
        assertEquals(BoxError.conflict("x").errorType(), e.errorType());
        assertEquals("The playlist \"Empty\" has no tracks yet", e.getMessage());
    }
}
