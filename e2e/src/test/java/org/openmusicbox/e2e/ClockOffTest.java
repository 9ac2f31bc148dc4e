package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.BoxStore;
import org.openmusicbox.e2e.harness.Cable;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Library;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Shown;
import org.openmusicbox.e2e.harness.Stack;
import org.openmusicbox.protocol.v1.sync.Stamp;

/**
 * Issue 15, docs/sync.md "Replicas and stamps": a box whose wall clock is a day off (its JVM under
 * {@code faketime}) syncs with a cloud on the true clock. What the HLC promises is order after what a replica has
 * seen, not wall-clock order: an edit made after pulling the cloud's stamp wins over it whatever the box's clock, and
 * the box's clock stays above what it has seen across a restart. An edit made without having seen the other side's
 * is ordered by the clocks, so a box a day behind loses it and a box a day ahead wins it; both sides agree either way.
 */
@ExtendWith(LogsOnFailure.class)
class ClockOffTest {

    private static final String BEHIND = "box-behind";
    private static final String AHEAD = "box-ahead";

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(ClockOffTest.class, dir, BEHIND, AHEAD);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aBoxADayBehindOverridesTheCloudOnceItHasSeenItsStampAndLosesWhatItDidNotSee() {
        sync(BEHIND, "-1d", false);
    }

    @Test
    void aBoxADayAheadOverridesTheCloudOnceItHasSeenItsStampAndWinsWhatItDidNotSee() {
        sync(AHEAD, "+1d", true);
    }

    private static void sync(String device, String offset, boolean unseenBoxEditWins) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "faketime"))),
                "faketime is not installed (apt-get install faketime); .ci/run installs it");
        Cable cable = stack.cable();
        BoxProcess box = stack.box(device, cable.url(), faketime(offset));
        Library library = box.library();
        CloudReplica replica = stack.replica(device);
        BoxStore store = new BoxStore(box.dataDir());
        box.awaitConnected(Stack.CONVERGE);
        String p = library.createPlaylist("Clock");
        box.awaitDrained(Stack.CONVERGE);

        stack.cloud().edit(device, "playlist", p, "title", "Titled in the cloud");
        awaitSame(library, replica, s -> "Titled in the cloud".equals(title(s, p)));
        Stamp cloudStamp = replica.stamp("playlist", p, "title");
        assertThat(cloudStamp.origin()).isEqualTo("cloud-e2e");

        library.rename(p, "Renamed on the box after the pull");
        box.awaitDrained(Stack.CONVERGE);
        awaitSame(library, replica, s -> "Renamed on the box after the pull".equals(title(s, p)));
        Stamp boxStamp = replica.stamp("playlist", p, "title");
        assertThat(boxStamp.origin()).startsWith("box-");
        assertThat(boxStamp.hlc()).as("the box stamps above what it pulled").isGreaterThan(cloudStamp.hlc());

        cable.cut();
        box.awaitDisconnected(Stack.CONVERGE);
        stack.cloud().edit(device, "playlist", p, "title", "Cloud, not yet seen by the box");
        library.rename(p, "Box, later in real time");
        cable.restore();
        box.awaitDrained(Stack.CONVERGE);
        String unseenWinner = unseenBoxEditWins ? "Box, later in real time" : "Cloud, not yet seen by the box";
        awaitSame(library, replica, s -> unseenWinner.equals(title(s, p)));

        long seen = store.clock();
        box.stop();
        box.start();
        assertThat(store.clock()).as("a restart keeps the clock").isGreaterThanOrEqualTo(seen);
        library.rename(p, "Renamed after a restart");
        box.awaitDrained(Stack.CONVERGE);
        awaitSame(library, replica, s -> "Renamed after a restart".equals(title(s, p)));
        Stamp afterRestart = replica.stamp("playlist", p, "title");
        assertThat(afterRestart.origin()).startsWith("box-");
        assertThat(afterRestart.hlc())
                .as("the restarted box stamps above every stamp it had seen")
                .isGreaterThan(seen);
        assertThat(replica.changeIdsLoggedTwice()).isEmpty();
    }

    /**
     * The box's JVM with its wall clock moved by {@code offset} and its monotonic clock left true, so timeouts and
     * backoffs last what they say. libfaketime turns on its "monotonic fix" by itself on this glibc, and with it a
     * JVM's timed waits (Object.wait with a timeout, which Paho's connect waits on) return at once: every connect
     * then times out although the broker answered. Hence FAKETIME_FORCE_MONOTONIC_FIX=0.
     */
    private static List<String> faketime(String offset) {
        return List.of(
                "env", "FAKETIME_DONT_FAKE_MONOTONIC=1", "FAKETIME_FORCE_MONOTONIC_FIX=0", "faketime", "-f", offset);
    }

    /** Waits until the box shows {@code expected} and the cloud shows the same library. */
    private static void awaitSame(Library library, CloudReplica replica, Predicate<Shown> expected) {
        Poll.until(
                "the box to show the expected title and the same library as the cloud",
                Stack.CONVERGE,
                () -> {
                    Shown onBox = library.shown();
                    return expected.test(onBox) && onBox.equals(replica.shown());
                },
                () -> "box " + library.shown() + "\ncloud " + replica.shown());
    }

    private static String title(Shown shown, String playlistId) {
        Shown.Playlist p = shown.playlist(playlistId);
        return p == null ? null : p.title();
    }
}
