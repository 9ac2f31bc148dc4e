package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.BoxStore;
import org.openmusicbox.e2e.harness.Cable;
import org.openmusicbox.e2e.harness.CloudProcess;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Library;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Shown;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 15, docs/sync.md "Rules per entity" with the real processes: the box edits on the LAN while its link is cut
 * (a {@link Cable}; the broker keeps running), the cloud edits the same playlist through POST /editLibrary, the link
 * comes back, and both sides end with the documented outcome.
 */
@ExtendWith(LogsOnFailure.class)
class ConcurrentRulesTest {

    private static final String DEVICE = "box-concurrent";

    @TempDir
    static Path dir;

    static Stack stack;
    static Cable cable;
    static BoxProcess box;
    static Library library;
    static CloudProcess cloud;
    static CloudReplica replica;

    @BeforeAll
    static void start() {
        stack = Stack.start(ConcurrentRulesTest.class, dir, DEVICE);
        cable = stack.cable();
        box = stack.box(DEVICE, cable.url(), List.of());
        library = box.library();
        cloud = stack.cloud();
        replica = stack.replica(DEVICE);
        box.awaitConnected(Stack.CONVERGE);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aRenameOnTheBoxAndADescriptionInTheCloudBothSurvive() {
        String p = library.createPlaylist("Songs");
        box.awaitDrained(Stack.CONVERGE);

        offline();
        library.rename(p, "Songs, renamed on the box");
        cloud.edit(DEVICE, "playlist", p, "description", "described in the cloud");
        reconnectAndConverge(shown -> "described in the cloud".equals(describe(shown, p)));

        Shown.Playlist onBox = library.shown().playlist(p);
        assertThat(onBox.title()).isEqualTo("Songs, renamed on the box");
        assertThat(onBox.description()).isEqualTo("described in the cloud");
    }

    @Test
    void theSameFieldEndsWithTheHigherStampOnBothSides() {
        String cloudWins = library.createPlaylist("A");
        String boxWins = library.createPlaylist("B");
        box.awaitDrained(Stack.CONVERGE);

        offline();
        library.rename(cloudWins, "A from the box");
        cloud.edit(DEVICE, "playlist", cloudWins, "title", "A from the cloud");
        cloud.edit(DEVICE, "playlist", boxWins, "title", "B from the cloud");
        library.rename(boxWins, "B from the box");
        reconnectAndConverge(shown -> "A from the cloud".equals(title(shown, cloudWins)));

        Shown onBox = library.shown();
        assertThat(title(onBox, cloudWins)).isEqualTo("A from the cloud");
        assertThat(replica.stamp("playlist", cloudWins, "title").origin()).isEqualTo("cloud-e2e");
        assertThat(title(onBox, boxWins)).isEqualTo("B from the box");
        assertThat(replica.stamp("playlist", boxWins, "title").origin()).startsWith("box-");
    }

    @Test
    void twoConcurrentReordersEndInOneOrderOnBothSides() {
        String p = library.createPlaylist("Order");
        String a = library.addTrack(p, "a");
        String b = library.addTrack(p, "b");
        String c = library.addTrack(p, "c");
        box.awaitDrained(Stack.CONVERGE);

        offline();
        library.reorder(p, List.of(c, a, b));
        cloud.edit(DEVICE, "playlist", p, "order", List.of(b, c, a));
        reconnectAndConverge(shown -> List.of(b, c, a).equals(shown.playlist(p).trackIds()));

        assertThat(library.shown().playlist(p).trackIds())
                .as("the later reorder, the cloud's, as a whole")
                .containsExactly(b, c, a);
    }

    @Test
    void aDeleteOnTheBoxAgainstARenameInTheCloudEndsDeletedWithTheNewTitleAndARestoreBringsItBack() {
        String p = library.createPlaylist("Old title");
        box.awaitDrained(Stack.CONVERGE);

        offline();
        library.deletePlaylist(p);
        cloud.edit(DEVICE, "playlist", p, "title", "New title");
        BoxStore store = new BoxStore(box.dataDir());
        reconnectAndConverge(shown -> "\"New title\"".equals(store.field("playlist", p, "title")));

        assertThat(library.shown().playlists()).doesNotContainKey(p);
        assertThat(replica.field("playlist", p, "deleted")).isEqualTo("true");
        assertThat(replica.field("playlist", p, "title")).isEqualTo("\"New title\"");
        assertThat(store.field("playlist", p, "deleted")).isEqualTo("true");

        cloud.edit(DEVICE, "playlist", p, "deleted", false);
        awaitSame(shown -> shown.playlists().containsKey(p));
        assertThat(title(library.shown(), p)).isEqualTo("New title");
    }

    @Test
    void addsOnBothSidesBothSurvive() {
        String p = library.createPlaylist("Adds");
        box.awaitDrained(Stack.CONVERGE);
        String cloudTrack = UUID.randomUUID().toString();
        String cloudPlaylist = UUID.randomUUID().toString();

        offline();
        String boxTrack = library.addTrack(p, "from the box");
        String boxPlaylist = library.createPlaylist("Added on the box");
        cloud.edit(DEVICE, "track", cloudTrack, "title", "from the cloud");
        cloud.edit(DEVICE, "track", cloudTrack, "playlist_id", p);
        cloud.edit(DEVICE, "playlist", cloudPlaylist, "title", "Added in the cloud");
        reconnectAndConverge(shown -> shown.playlists().containsKey(cloudPlaylist)
                && shown.playlist(p).trackIds().contains(cloudTrack));

        Shown onBox = library.shown();
        assertThat(onBox.playlist(p).trackIds()).containsExactlyInAnyOrder(boxTrack, cloudTrack);
        assertThat(onBox.playlists()).containsKeys(boxPlaylist, cloudPlaylist);
        assertThat(title(onBox, cloudPlaylist)).isEqualTo("Added in the cloud");
    }

    /** Cuts the box's link and waits until the box has noticed, so what it writes next waits in its outbox. */
    private static void offline() {
        cable.cut();
        box.awaitDisconnected(Stack.CONVERGE);
    }

    /** Gives the link back and waits for the box to have sent everything and shown {@code pulled}. */
    private static void reconnectAndConverge(Predicate<Shown> pulled) {
        cable.restore();
        box.awaitDrained(Stack.CONVERGE);
        awaitSame(pulled);
        assertThat(replica.changeIdsLoggedTwice()).isEmpty();
    }

    /**
     * Waits until the box shows what {@code pulled} expects of the cloud's edits and the cloud shows the same: only
     * then has each side seen the other's changes.
     */
    private static void awaitSame(Predicate<Shown> pulled) {
        Poll.until(
                "the box to show the cloud's edits and the same library as the cloud",
                Stack.CONVERGE,
                () -> {
                    Shown onBox = library.shown();
                    return pulled.test(onBox) && onBox.equals(replica.shown());
                },
                () -> "box " + library.shown() + "\ncloud " + replica.shown());
    }

    private static String title(Shown shown, String playlistId) {
        Shown.Playlist p = shown.playlist(playlistId);
        return p == null ? null : p.title();
    }

    private static String describe(Shown shown, String playlistId) {
        Shown.Playlist p = shown.playlist(playlistId);
        return p == null ? null : p.description();
    }
}
