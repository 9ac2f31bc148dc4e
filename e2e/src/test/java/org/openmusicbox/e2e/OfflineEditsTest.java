package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Library;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Shown;
import org.openmusicbox.e2e.harness.Stack;

/** Issue 15: edits made on the LAN with the broker stopped all arrive after it restarts, each applied once. */
@ExtendWith(LogsOnFailure.class)
class OfflineEditsTest {

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(OfflineEditsTest.class, dir, "box-offline");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void editsMadeWhileTheBrokerIsDownArriveAfterItRestartsAndTheCloudShowsWhatTheBoxShows() {
        BoxProcess box = stack.box("box-offline");
        Library library = box.library();
        box.awaitConnected(Stack.CONVERGE);
        String kept = library.createPlaylist("Kept");
        String first = library.addTrack(kept, "one");
        String second = library.addTrack(kept, "two");
        String gone = library.createPlaylist("Going");
        box.awaitDrained(Stack.CONVERGE);

        stack.broker().stop();
        Poll.until(
                "the box to see the broker gone",
                Stack.CONVERGE,
                () -> !box.cloudState().startsWith("connected:"),
                box::cloudState);
        library.rename(kept, "Kept, renamed offline");
        library.describe(kept, "for the night");
        String third = library.addTrack(kept, "three");
        library.reorder(kept, List.of(third, first, second));
        library.deleteTrack(kept, 3);
        library.deletePlaylist(gone);
        String added = library.createPlaylist("Added offline");
        library.addTrack(added, "four");
        library.linkTag("04a1b2c3", added);
        assertThat(box.outboxDepth()).as("edits wait in the outbox").isPositive();

        stack.broker().start();
        box.awaitDrained(Stack.CONVERGE);

        CloudReplica cloud = stack.replica("box-offline");
        Shown onBox = library.shown();
        assertThat(cloud.shown()).isEqualTo(onBox);
        assertThat(onBox.playlist(kept).title()).isEqualTo("Kept, renamed offline");
        assertThat(onBox.playlist(kept).description()).isEqualTo("for the night");
        assertThat(onBox.playlist(kept).trackIds()).containsExactly(third, first);
        assertThat(onBox.playlists()).doesNotContainKey(gone).containsKey(added);
        assertThat(onBox.tags()).containsEntry("04a1b2c3", added);
        assertThat(cloud.field("playlist", gone, "deleted")).isEqualTo("true");
        assertThat(cloud.field("track", second, "deleted")).isEqualTo("true");
        assertThat(cloud.changeIdsLoggedTwice()).isEmpty();
        // Creating a playlist writes its (empty) description, the offline edit writes it once more: two rows, and a
        // change applied twice would make a third.
        assertThat(cloud.logCounts("playlist", "description"))
                .containsEntry(kept, 2L)
                .containsEntry(gone, 1L)
                .containsEntry(added, 1L);
    }
}
