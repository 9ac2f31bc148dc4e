package org.openmusicbox.edge.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;

/** The play order's rules on their own, without a deck: which track comes when. */
class PlayOrderTest {

    private static Track track(int n) {
        return new Track("t" + n, "p", n, "Track " + n, n + ".mp3", n + ".mp3", 60_000, null, null, 10, "", "");
    }

    private static Playlist playlist(int count) {
        return playlist(
                IntStream.rangeClosed(1, count).mapToObj(PlayOrderTest::track).toList());
    }

    private static Playlist playlist(List<Track> tracks) {
        return new Playlist("p", "Songs", null, null, tracks, tracks.size(), 0, "", "");
    }

    private static List<String> ids(PlayOrder order) {
        return order.tracks().stream().map(Track::id).toList();
    }

    @Test
    void shuffleKeepsTheCurrentTrackFirstAndEveryTrackOnce() {
        Playlist p = playlist(20);
        // Several seeds: one lucky shuffle could leave the current track first by chance.
        for (long seed = 0; seed < 10; seed++) {
            PlayOrder order = new PlayOrder(new Random(seed));
            order.load(p);
            order.moveTo(7);
            assertTrue(order.shuffle(true));
            assertEquals("t8", order.current().id(), "seed " + seed);
            assertEquals(0, order.index(), "seed " + seed);
            assertEquals("t8", order.tracks().get(0).id());
            assertEquals(20, order.size());
            assertEquals(20, ids(order).stream().distinct().count(), "every track once: " + ids(order));
            assertFalse(order.shuffle(true), "shuffling again changes nothing");

            assertTrue(order.shuffle(false));
            assertEquals(ids(playlistOrder(p)), ids(order), "back in the playlist's order");
            assertEquals("t8", order.current().id());
            assertEquals(7, order.index());
        }
    }

    private static PlayOrder playlistOrder(Playlist p) {
        PlayOrder plain = new PlayOrder(new Random(1));
        plain.load(p);
        return plain;
    }

    @Test
    void aShuffledPlaylistReallyChangesOrder() {
        PlayOrder order = new PlayOrder(new Random(42));
        order.shuffle(true);
        order.load(playlist(20));
        assertNotEquals(ids(playlistOrder(playlist(20))), ids(order));
        assertEquals(20, ids(order).stream().distinct().count());
    }

    @Test
    void withoutRepeatTheEndIsTheEnd() {
        PlayOrder order = new PlayOrder(new Random(1));
        order.load(playlist(3));
        assertEquals(OptionalInt.of(1), order.next());
        order.moveTo(2);
        assertEquals(OptionalInt.empty(), order.next());
        assertEquals(OptionalInt.empty(), order.afterFinished());
        assertFalse(order.hasNext());
    }

    @Test
    void repeatOnePlaysTheSameTrackWhenItEndsButNextStillMovesOn() {
        PlayOrder order = new PlayOrder(new Random(1));
        order.load(playlist(3));
        order.repeat(PlayOrder.REPEAT_ONE);
        order.moveTo(2);
        assertEquals(OptionalInt.of(2), order.afterFinished());
        assertEquals(OptionalInt.empty(), order.next(), "next at the last track, repeat one: the end");
        order.moveTo(0);
        assertEquals(OptionalInt.of(1), order.next());
    }

    @Test
    void repeatAllGoesRoundAndReshufflesEveryTrackOnce() {
        PlayOrder order = new PlayOrder(new Random(3));
        order.load(playlist(3));
        order.repeat(PlayOrder.REPEAT_ALL);
        order.moveTo(2);
        assertTrue(order.hasNext());
        assertEquals(OptionalInt.of(0), order.next());
        assertEquals(OptionalInt.of(0), order.afterFinished());

        order.shuffle(true);
        List<List<String>> rounds = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            order.moveTo(order.size() - 1);
            assertEquals(OptionalInt.of(0), order.next());
            assertEquals(3, ids(order).stream().distinct().count());
            rounds.add(ids(order));
        }
        assertTrue(rounds.stream().distinct().count() > 1, "each round is shuffled anew: " + rounds);
    }

    @Test
    void previousRestartsAfterThreeSecondsAndGoesBackBefore() {
        PlayOrder order = new PlayOrder(new Random(1));
        order.load(playlist(3));
        order.moveTo(1);
        assertEquals(0, order.previous(PlayOrder.PREVIOUS_RESTARTS_AFTER_MS), "3 s in: the track before");
        assertEquals(1, order.previous(PlayOrder.PREVIOUS_RESTARTS_AFTER_MS + 1), "later: this track again");

        order.moveTo(0);
        assertEquals(0, order.previous(0), "first track, no repeat: itself");
        assertFalse(order.hasPrevious());
        order.repeat(PlayOrder.REPEAT_ALL);
        assertEquals(2, order.previous(0), "first track, repeat all: the last");
        assertTrue(order.hasPrevious());
    }

    @Test
    void anUnknownRepeatModeIsRefusedAndChangesNothing() {
        PlayOrder order = new PlayOrder(new Random(1));
        order.repeat(PlayOrder.REPEAT_ONE);
        assertThrows(BoxError.class, () -> order.repeat("always"));
        assertEquals(PlayOrder.REPEAT_ONE, order.repeat());
    }

    @Test
    void anEditedPlaylistKeepsTheCurrentTrackAndTheShuffledOrder() {
        PlayOrder order = new PlayOrder(new Random(5));
        order.shuffle(true);
        order.load(playlist(5));
        order.moveTo(2);
        Track playing = order.current();
        List<String> before = ids(order);

        List<Track> edited = new ArrayList<>(playlist(5).tracks());
        Track removed = edited.stream()
                .filter(t -> !t.id().equals(playing.id()))
                .findFirst()
                .orElseThrow();
        edited.remove(removed);
        edited.add(track(6));
        assertTrue(order.refresh(Optional.of(playlist(edited))));

        List<String> expected = new ArrayList<>(before);
        expected.remove(removed.id());
        expected.add("t6");
        assertEquals(expected, ids(order));
        assertEquals(playing.id(), order.current().id());

        List<Track> withoutCurrent = new ArrayList<>(edited);
        withoutCurrent.removeIf(t -> t.id().equals(playing.id()));
        assertFalse(order.refresh(Optional.of(playlist(withoutCurrent))));
        assertEquals(0, order.index());

        assertFalse(order.refresh(Optional.empty()));
        assertNull(order.playlist());
        assertNull(order.current());
    }
}
