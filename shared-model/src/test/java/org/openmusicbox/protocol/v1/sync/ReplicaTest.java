package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmusicbox.protocol.v1.sync.Replicas.T;
import static org.openmusicbox.protocol.v1.sync.Replicas.playlist;
import static org.openmusicbox.protocol.v1.sync.Replicas.replica;
import static org.openmusicbox.protocol.v1.sync.Replicas.trackIds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.sync.Replicas.Wall;

/** What one {@link Replica#apply} does with a change, which changes it refuses, and how the view is derived. */
class ReplicaTest {

    private final Replica replica = replica("box-1", new Wall(T));
    private int ids;

    @Test
    void aNewerStampChangesTheFieldADuplicateOrAnOlderOneDoesNot() {
        FieldChange first = change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "One", 10, "box-1");
        FieldChange older = change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Zero", 9, "box-1");
        FieldChange tieLoser = change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Tie", 10, "box-0");
        FieldChange newer = change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Two", 10, "box-2");
        assertTrue(replica.apply(first));
        assertFalse(replica.apply(first), "a duplicate");
        assertFalse(replica.apply(older), "an older clock");
        assertFalse(replica.apply(tieLoser), "the same clock, a lower origin");
        assertEquals("One", title());
        assertTrue(replica.apply(newer), "the same clock, a higher origin");
        assertEquals("Two", title());
        assertFalse(replica.apply(first));
        assertEquals(
                new Replica.Versioned("Two", newer.stamp()),
                replica.state().get(newer.key()).get(Fields.TITLE));
    }

    @Test
    void aReusedStampWithAnotherValueIsRefused() {
        replica.apply(change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "One", 10, "box-1"));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> replica.apply(change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Other", 10, "box-1")));
        assertTrue(e.getMessage().contains("playlist/pl-1.title"), e.getMessage());
        assertEquals("One", title());
    }

    @Test
    void aBadChangeIsRefusedNamingTheFieldAndChangesNothing() {
        replica.write(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Kept");
        Map<EntityKey, Map<String, Replica.Versioned>> before = replica.state();
        List<Object[]> bad = List.of(
                new Object[] {Entity.PLAYLIST, "media", "x", "media"},
                new Object[] {Entity.PLAYLIST, "track_number", 1L, "track_number"},
                new Object[] {Entity.PLAYLIST, null, "x", "null"},
                new Object[] {Entity.PLAYLIST, Fields.TITLE, 5, "playlist.title"},
                new Object[] {Entity.PLAYLIST, Fields.TITLE, null, "playlist.title"},
                new Object[] {Entity.PLAYLIST, Fields.DESCRIPTION, 5, "playlist.description"},
                new Object[] {Entity.PLAYLIST, Fields.DELETED, "true", "playlist.deleted"},
                new Object[] {Entity.PLAYLIST, Fields.DELETED, null, "playlist.deleted"},
                new Object[] {Entity.PLAYLIST, Fields.ORDER, "a,b", "playlist.order"},
                new Object[] {Entity.PLAYLIST, Fields.ORDER, List.of("a", "a"), "playlist.order"},
                new Object[] {Entity.PLAYLIST, Fields.ORDER, Arrays.asList("a", null), "playlist.order"},
                new Object[] {Entity.PLAYLIST, Fields.ORDER, List.of("a", 2), "playlist.order"},
                new Object[] {Entity.PLAYLIST, Fields.ORDER, List.of(" "), "playlist.order"},
                new Object[] {Entity.TRACK, Fields.DESCRIPTION, "x", "description"},
                new Object[] {Entity.TRACK, Fields.ORDER, List.of(), "order"},
                new Object[] {Entity.TRACK, Fields.PLAYLIST_ID, null, "track.playlist_id"},
                new Object[] {Entity.TRACK, Fields.PLAYLIST_ID, "", "track.playlist_id"},
                new Object[] {Entity.TRACK, Fields.DURATION_MS, 60_000, "track.duration_ms"},
                new Object[] {Entity.TRACK, Fields.DURATION_MS, -1L, "track.duration_ms"},
                new Object[] {Entity.TRACK, Fields.MEDIA, "media/x.mp3", "track.media"},
                new Object[] {Entity.TRACK, "sha256", "a".repeat(64), "sha256"},
                new Object[] {Entity.TRACK, Fields.ARTIST, 3L, "track.artist"},
                new Object[] {Entity.TAG, Fields.TITLE, "x", "title"},
                new Object[] {Entity.TAG, Fields.DELETED, true, "deleted"},
                new Object[] {Entity.TAG, Fields.PLAYLIST_ID, 7, "tag.playlist_id"});
        for (Object[] b : bad) {
            FieldChange c =
                    new FieldChange((Entity) b[0], "e-1", (String) b[1], b[2], stamp(99, "box-1"), "c-" + ids++);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> replica.apply(c), c::toString);
            assertTrue(e.getMessage().contains((String) b[3]), () -> "does not name " + b[3] + ": " + e.getMessage());
            assertThrows(
                    IllegalArgumentException.class, () -> replica.write((Entity) b[0], "e-1", (String) b[1], b[2]));
        }
        assertEquals(before, replica.state(), "a refused change changed the state");
        // What is allowed to be null is allowed.
        assertTrue(replica.apply(change(Entity.TAG, "t-1", Fields.PLAYLIST_ID, null, 1, "box-1")));
        assertTrue(replica.apply(change(Entity.TRACK, "tr-1", Fields.MEDIA, null, 1, "box-1")));
        assertTrue(replica.apply(change(Entity.PLAYLIST, "pl-1", Fields.DESCRIPTION, null, 1, "box-1")));
    }

    @Test
    void theOrderIsKeptAsACopy() {
        List<String> order = new ArrayList<>(List.of("a", "b"));
        replica.apply(change(Entity.PLAYLIST, "pl-1", Fields.ORDER, order, 1, "box-1"));
        order.add("c");
        assertEquals(List.of("a", "b"), replica.value(new EntityKey(Entity.PLAYLIST, "pl-1"), Fields.ORDER));
    }

    @Test
    void aChangeStampedTooFarAheadIsRefusedAndChangesNothing() {
        long farAhead = Hlc.pack(T + Duration.ofDays(400).toMillis(), 0);
        FieldChange c =
                new FieldChange(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Future", new Stamp(farAhead, "box-2"), "c");
        assertThrows(ClockSkewException.class, () -> replica.apply(c));
        assertEquals(Map.of(), replica.state());
        FieldChange next = replica.write(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Now");
        assertEquals(T, Hlc.physical(next.stamp().hlc()), "the refused stamp did not move the clock");
    }

    @Test
    void theShownOrderIsTheOrderFilteredThenTheRestByTheStampOfTheirPlaylistThenId() {
        // Order names a deleted track, a track moved away, a track never seen, two live ones, and one that left
        // and came back after the order was made (it counts as new).
        applyAll(
                change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "One", 1, "box-1"),
                change(
                        Entity.PLAYLIST,
                        "pl-1",
                        Fields.ORDER,
                        List.of("back", "gone", "moved", "ghost", "b", "a"),
                        7,
                        "box-1"),
                change(Entity.TRACK, "back", Fields.PLAYLIST_ID, "pl-1", 10, "box-1"),
                change(Entity.TRACK, "a", Fields.PLAYLIST_ID, "pl-1", 3, "box-1"),
                change(Entity.TRACK, "b", Fields.PLAYLIST_ID, "pl-1", 4, "box-1"),
                change(Entity.TRACK, "gone", Fields.PLAYLIST_ID, "pl-1", 3, "box-1"),
                change(Entity.TRACK, "gone", Fields.DELETED, true, 5, "box-1"),
                change(Entity.TRACK, "moved", Fields.PLAYLIST_ID, "pl-2", 6, "box-1"),
                // Unnamed: z and y share a stamp (as a batch would), so id decides; x is earlier; w later.
                change(Entity.TRACK, "z", Fields.PLAYLIST_ID, "pl-1", 8, "cloud"),
                change(Entity.TRACK, "y", Fields.PLAYLIST_ID, "pl-1", 8, "cloud"),
                change(Entity.TRACK, "x", Fields.PLAYLIST_ID, "pl-1", 8, "box-1"),
                change(Entity.TRACK, "w", Fields.PLAYLIST_ID, "pl-1", 9, "box-1"),
                change(Entity.TRACK, "w", Fields.TITLE, "Dub", 9, "box-1"),
                change(Entity.TRACK, "w", Fields.DURATION_MS, 1_234L, 9, "box-1"));
        View view = replica.view();
        View.PlaylistView p = playlist(view, "pl-1");
        assertEquals(List.of("b", "a", "x", "y", "z", "w", "back"), trackIds(p));
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7),
                p.tracks().stream().map(View.TrackView::trackNumber).toList());
        assertEquals(
                new View.TrackView("w", 6, "Dub", null, null, 1_234L, null),
                p.tracks().get(5));
        assertEquals(List.of("moved"), trackIds(playlist(view, "pl-2")), "shown for its live track, untitled");
        assertNull(playlist(view, "pl-2").title());
    }

    @Test
    void aDeletedPlaylistWithoutLiveTracksIsNotShownAndARestoreShowsIt() {
        applyAll(
                change(Entity.PLAYLIST, "pl-1", Fields.TITLE, "One", 1, "box-1"),
                change(Entity.TRACK, "a", Fields.PLAYLIST_ID, "pl-1", 1, "box-1"),
                change(Entity.TRACK, "a", Fields.DELETED, true, 2, "box-1"),
                change(Entity.PLAYLIST, "pl-1", Fields.DELETED, true, 2, "box-1"),
                change(Entity.TAG, "t-1", Fields.PLAYLIST_ID, "pl-1", 1, "box-1"));
        assertEquals(new View(List.of(), Map.of()), replica.view());
        replica.apply(change(Entity.PLAYLIST, "pl-1", Fields.DELETED, false, 3, "cloud"));
        assertEquals(
                new View(List.of(new View.PlaylistView("pl-1", "One", null, List.of())), Map.of("t-1", "pl-1")),
                replica.view());
    }

    private void applyAll(FieldChange... changes) {
        for (FieldChange c : changes) {
            replica.apply(c);
        }
    }

    private String title() {
        return (String) replica.value(new EntityKey(Entity.PLAYLIST, "pl-1"), Fields.TITLE);
    }

    private FieldChange change(Entity entity, String id, String field, Object value, long millis, String origin) {
        return new FieldChange(entity, id, field, value, stamp(millis, origin), "c-" + ids++);
    }

    private static Stamp stamp(long millisAfterT, String origin) {
        return new Stamp(Hlc.pack(T + millisAfterT, 0), origin);
    }
}
