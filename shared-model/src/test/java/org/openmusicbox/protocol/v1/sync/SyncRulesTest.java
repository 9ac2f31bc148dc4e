package org.openmusicbox.protocol.v1.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openmusicbox.protocol.v1.sync.Replicas.T;
import static org.openmusicbox.protocol.v1.sync.Replicas.assertSameLibrary;
import static org.openmusicbox.protocol.v1.sync.Replicas.deliver;
import static org.openmusicbox.protocol.v1.sync.Replicas.playlist;
import static org.openmusicbox.protocol.v1.sync.Replicas.replica;
import static org.openmusicbox.protocol.v1.sync.Replicas.shows;
import static org.openmusicbox.protocol.v1.sync.Replicas.trackIds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.sync.Replicas.Wall;

/**
 * The rules of docs/sync.md one by one, on a box and the cloud that edit concurrently and then exchange their
 * changes. Each case delivers in both directions and checks both replicas end with the same state and view.
 */
class SyncRulesTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final EntityKey P = new EntityKey(Entity.PLAYLIST, "pl-1");

    private final Wall boxWall = new Wall(T);
    private final Wall cloudWall = new Wall(T);
    private final Replica box = replica("box-1", boxWall);
    private final Replica cloud = replica(Stamp.CLOUD, cloudWall);

    /** Changes each side made since the last exchange. */
    private final List<FieldChange> fromBox = new ArrayList<>();

    private final List<FieldChange> fromCloud = new ArrayList<>();

    /** Both sides start from playlist pl-1 with tracks a, b, c in that order, and tag t-1 playing it. */
    @BeforeEach
    void sharedLibrary() {
        onBox(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Bedtime");
        onBox(Entity.PLAYLIST, "pl-1", Fields.DESCRIPTION, "Calm ones");
        for (String id : List.of("a", "b", "c")) {
            addTrack(box, fromBox, id, "pl-1");
        }
        onBox(Entity.PLAYLIST, "pl-1", Fields.ORDER, List.of("a", "b", "c"));
        onBox(Entity.TAG, "t-1", Fields.PLAYLIST_ID, "pl-1");
        exchange();
        boxWall.millis += 1_000;
        cloudWall.millis += 1_000;
    }

    @Test
    void editsOfDifferentFieldsOnTwoReplicasBothSurvive() {
        onBox(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Bedtime stories");
        onCloud(Entity.PLAYLIST, "pl-1", Fields.DESCRIPTION, "For the evening");
        exchange();
        for (Replica r : List.of(box, cloud)) {
            View.PlaylistView p = playlist(r.view(), "pl-1");
            assertEquals("Bedtime stories", p.title(), r.origin());
            assertEquals("For the evening", p.description(), r.origin());
        }
    }

    @Test
    void theSameFieldTakesTheHigherStampWhicheverArrivesFirst() {
        cloudWall.millis += 10; // the cloud renames later
        onBox(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Box title");
        onCloud(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Cloud title");
        // The box gets the cloud's rename after making its own; the cloud gets the box's after its own.
        exchange();
        assertEquals("Cloud title", playlist(box.view(), "pl-1").title());
        assertEquals("Cloud title", playlist(cloud.view(), "pl-1").title());
    }

    @Test
    void aBoxADayBehindStillOverridesWhatItHasSeen() {
        boxWall.millis = T - DAY;
        onCloud(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Cloud title");
        exchange();
        onBox(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Box title, after seeing the cloud's");
        exchange();
        assertEquals(
                "Box title, after seeing the cloud's",
                playlist(box.view(), "pl-1").title());
        assertEquals(
                "Box title, after seeing the cloud's",
                playlist(cloud.view(), "pl-1").title());
    }

    @Test
    void aTieOnTheClockIsBrokenByTheOrigin() {
        FieldChange boxRename = onBox(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Box title");
        FieldChange cloudRename = onCloud(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Cloud title");
        assertEquals(boxRename.stamp().hlc(), cloudRename.stamp().hlc(), "the test needs the same clock value");
        exchange();
        // "cloud" > "box-1" as strings.
        assertEquals("Cloud title", playlist(box.view(), "pl-1").title());
        assertEquals("Cloud title", playlist(cloud.view(), "pl-1").title());
    }

    @Test
    void twoConcurrentReordersEndIdenticalOnBothSides() {
        onBox(Entity.PLAYLIST, "pl-1", Fields.ORDER, List.of("c", "a", "b"));
        cloudWall.millis += 1;
        onCloud(Entity.PLAYLIST, "pl-1", Fields.ORDER, List.of("b", "c", "a"));
        exchange();
        for (Replica r : List.of(box, cloud)) {
            View.PlaylistView p = playlist(r.view(), "pl-1");
            assertEquals(List.of("b", "c", "a"), trackIds(p), r.origin());
            assertEquals(List.of(1, 2, 3), numbers(p), r.origin());
        }
    }

    @Test
    void deleteAgainstRenameEndsDeletedWithTheNewTitleInTheTombstone() {
        cloudWall.millis += 5; // the rename is even later than the delete: it still does not bring it back
        fromBox.addAll(box.deletePlaylist("pl-1"));
        onCloud(Entity.PLAYLIST, "pl-1", Fields.TITLE, "Renamed");
        exchange();
        for (Replica r : List.of(box, cloud)) {
            assertFalse(shows(r.view(), "pl-1"), r.origin() + " shows a deleted playlist");
            assertEquals(true, r.value(P, Fields.DELETED), r.origin());
            assertEquals("Renamed", r.value(P, Fields.TITLE), r.origin() + ": the tombstone keeps the new title");
            assertEquals(List.of(), r.view().playlists(), r.origin());
            assertEquals(java.util.Map.of(), r.view().tags(), r.origin() + ": the tag plays nothing");
        }
        // A restore is a newer deleted=false, for the playlist and the tracks deleted with it.
        fromCloud.addAll(cloud.restorePlaylist("pl-1"));
        exchange();
        assertEquals("Renamed", playlist(box.view(), "pl-1").title());
        assertEquals(List.of("a", "b", "c"), trackIds(playlist(box.view(), "pl-1")));
        assertEquals(java.util.Map.of(), box.view().tags(), "the delete unlinked the tag; a restore does not relink");
    }

    @Test
    void deletingAPlaylistDeletesTheTracksThisReplicaKnowsWithTheSameStamp() {
        List<FieldChange> changes = box.deletePlaylist("pl-1");
        assertEquals(5, changes.size(), changes.toString());
        assertEquals(P, changes.get(0).key());
        for (FieldChange c : changes) {
            assertEquals(changes.get(0).stamp(), c.stamp(), c.toString());
            assertFalse(box.apply(c), "the helper has applied it already: " + c);
        }
        List<FieldChange> deletes =
                changes.stream().filter(c -> c.entity() != Entity.TAG).toList();
        for (FieldChange c : deletes) {
            assertEquals(Fields.DELETED, c.field());
            assertEquals(true, c.value());
        }
        assertEquals(
                List.of("a", "b", "c"),
                deletes.subList(1, 4).stream().map(FieldChange::entityId).toList());
        // The tag that played it is unlinked under the same stamp, as the box does when it drops the row.
        FieldChange unlink = changes.stream()
                .filter(c -> c.entity() == Entity.TAG)
                .findFirst()
                .orElseThrow();
        assertEquals("t-1", unlink.entityId());
        assertEquals(Fields.PLAYLIST_ID, unlink.field());
        assertEquals(null, unlink.value());
        assertEquals(5, changes.stream().map(FieldChange::changeId).distinct().count(), "one change id each");
    }

    @Test
    void aRestoreDoesNotRelinkTheTagTheDeleteUnlinked() {
        fromBox.addAll(box.deletePlaylist("pl-1"));
        exchange();
        fromCloud.addAll(cloud.restorePlaylist("pl-1"));
        exchange();
        for (Replica r : List.of(box, cloud)) {
            assertEquals(List.of("a", "b", "c"), trackIds(playlist(r.view(), "pl-1")), r.origin());
            assertEquals(java.util.Map.of(), r.view().tags(), r.origin() + ": linked again only by a parent");
        }
    }

    @Test
    void aRestoreBringsBackTheTracksDeletedWithThePlaylistAndNoOthers() {
        fromBox.add(box.write(Entity.TRACK, "a", Fields.DELETED, true)); // deleted on its own first
        exchange();
        fromBox.addAll(box.deletePlaylist("pl-1"));
        exchange();
        onCloud(Entity.TRACK, "c", Fields.DELETED, true); // and c once more, on its own, after
        List<FieldChange> restore = cloud.restorePlaylist("pl-1");
        assertEquals(
                List.of("pl-1", "b"),
                restore.stream().map(FieldChange::entityId).toList());
        fromCloud.addAll(restore);
        exchange();
        assertEquals(List.of("b"), trackIds(playlist(box.view(), "pl-1")));
        assertEquals(
                List.of(Fields.DELETED),
                cloud.restorePlaylist("pl-2").stream().map(FieldChange::field).toList());
    }

    /**
     * Pins a case docs/sync.md does not name: a track moved out of a playlist while that playlist is deleted
     * elsewhere. The deleter still counted it in the playlist, so it ends deleted, in its new playlist.
     */
    @Test
    void aTrackMovedAwayWhileItsOldPlaylistWasDeletedEndsDeletedInItsNewOne() {
        onCloud(Entity.PLAYLIST, "pl-2", Fields.TITLE, "Songs");
        exchange();
        onCloud(Entity.TRACK, "b", Fields.PLAYLIST_ID, "pl-2");
        fromBox.addAll(box.deletePlaylist("pl-1"));
        exchange();
        for (Replica r : List.of(box, cloud)) {
            assertEquals(List.of(), trackIds(playlist(r.view(), "pl-2")), r.origin());
            assertEquals("pl-2", r.value(new EntityKey(Entity.TRACK, "b"), Fields.PLAYLIST_ID), r.origin());
            assertEquals(true, r.value(new EntityKey(Entity.TRACK, "b"), Fields.DELETED), r.origin());
        }
    }

    @Test
    void aTrackAddedWhileItsPlaylistWasDeletedSurvivesAndKeepsThePlaylistShown() {
        fromBox.addAll(box.deletePlaylist("pl-1"));
        addTrack(cloud, fromCloud, "d", "pl-1");
        exchange();
        for (Replica r : List.of(box, cloud)) {
            View.PlaylistView p = playlist(r.view(), "pl-1");
            assertEquals(List.of("d"), trackIds(p), r.origin() + ": only the track the deleter did not know");
            assertEquals(List.of(1), numbers(p), r.origin());
            assertEquals("Bedtime", p.title(), r.origin());
            assertEquals(true, r.value(P, Fields.DELETED), r.origin() + ": its field still says deleted");
            assertEquals(java.util.Map.of(), r.view().tags(), r.origin() + ": the delete unlinked the tag");
        }
    }

    @Test
    void addsOnBothSidesBothSurviveAfterTheOrderedTracks() {
        addTrack(cloud, fromCloud, "y", "pl-1");
        boxWall.millis += 1;
        addTrack(box, fromBox, "x", "pl-1");
        exchange();
        for (Replica r : List.of(box, cloud)) {
            // Unnamed by the order: by the stamp of their playlist_id; y was added first.
            assertEquals(List.of("a", "b", "c", "y", "x"), trackIds(playlist(r.view(), "pl-1")), r.origin());
            assertEquals(List.of(1, 2, 3, 4, 5), numbers(playlist(r.view(), "pl-1")), r.origin());
        }
    }

    @Test
    void aTagPlaysThePlaylistOfTheLaterLink() {
        onBox(Entity.PLAYLIST, "pl-2", Fields.TITLE, "Songs");
        addTrack(box, fromBox, "s", "pl-2");
        onCloud(Entity.PLAYLIST, "pl-3", Fields.TITLE, "Podcasts");
        exchange();
        onBox(Entity.TAG, "t-1", Fields.PLAYLIST_ID, "pl-2");
        cloudWall.millis += 1;
        onCloud(Entity.TAG, "t-1", Fields.PLAYLIST_ID, "pl-3");
        exchange();
        assertEquals(java.util.Map.of("t-1", "pl-3"), box.view().tags());
        // Deleting the playlist silences the tag; linking it again makes it play.
        fromCloud.addAll(cloud.deletePlaylist("pl-3"));
        exchange();
        assertEquals(java.util.Map.of(), box.view().tags());
        assertEquals(null, box.value(new EntityKey(Entity.TAG, "t-1"), Fields.PLAYLIST_ID));
        onBox(Entity.TAG, "t-1", Fields.PLAYLIST_ID, "pl-2");
        exchange();
        assertEquals(java.util.Map.of("t-1", "pl-2"), cloud.view().tags());
        onCloud(Entity.TAG, "t-1", Fields.PLAYLIST_ID, null);
        exchange();
        assertEquals(java.util.Map.of(), box.view().tags(), "an unlinked tag plays nothing");
    }

    @Test
    void aTrackMovedToAnotherPlaylistTakesItsPlaceThere() {
        onCloud(Entity.PLAYLIST, "pl-2", Fields.TITLE, "Songs");
        exchange();
        onBox(Entity.TRACK, "b", Fields.PLAYLIST_ID, "pl-2");
        exchange();
        for (Replica r : List.of(box, cloud)) {
            assertEquals(List.of("a", "c"), trackIds(playlist(r.view(), "pl-1")), r.origin());
            assertEquals(List.of("b"), trackIds(playlist(r.view(), "pl-2")), r.origin());
        }
    }

    @Test
    void theMediaFieldsTravelAsOne() {
        Media first = new Media("a".repeat(64), "media/" + "a".repeat(64) + ".mp3", "mp3", 1_000);
        Media second = new Media("b".repeat(64), "media/" + "b".repeat(64) + ".ogg", "ogg", 2_000);
        onBox(Entity.TRACK, "a", Fields.MEDIA, first);
        cloudWall.millis += 1;
        onCloud(Entity.TRACK, "a", Fields.MEDIA, second);
        exchange();
        assertEquals(second, playlist(box.view(), "pl-1").tracks().get(0).media());
    }

    private FieldChange onBox(Entity entity, String id, String field, Object value) {
        FieldChange c = box.write(entity, id, field, value);
        fromBox.add(c);
        return c;
    }

    private FieldChange onCloud(Entity entity, String id, String field, Object value) {
        FieldChange c = cloud.write(entity, id, field, value);
        fromCloud.add(c);
        return c;
    }

    private static void addTrack(Replica r, List<FieldChange> out, String id, String playlistId) {
        out.add(r.write(Entity.TRACK, id, Fields.TITLE, "Track " + id));
        out.add(r.write(Entity.TRACK, id, Fields.DURATION_MS, 60_000L));
        out.add(r.write(Entity.TRACK, id, Fields.PLAYLIST_ID, playlistId));
    }

    /** Each side gets the other's changes, and its own again (as the cloud's log sends them back). */
    private void exchange() {
        List<FieldChange> all = new ArrayList<>(fromBox);
        all.addAll(fromCloud);
        deliver(cloud, fromBox);
        deliver(box, fromCloud);
        for (FieldChange c : all) {
            assertFalse(box.apply(c), "box: applying again changed something: " + c);
            assertFalse(cloud.apply(c), "cloud: applying again changed something: " + c);
        }
        fromBox.clear();
        fromCloud.clear();
        assertSameLibrary(box, cloud);
        assertTrue(box.state().size() > 0);
    }

    private static List<Integer> numbers(View.PlaylistView p) {
        return p.tracks().stream().map(View.TrackView::trackNumber).toList();
    }
}
