package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
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
import org.openmusicbox.e2e.harness.Tap;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * Issue 15, docs/mqtt.md "At least once": every message of a sync, sent again twice and in reverse order in both
 * directions, leaves both sides as they were. The {@link Tap} records the box's changes, the cloud's acks and the
 * log pages the cloud answered the box's pulls with, then publishes each again as its sender would have.
 */
@ExtendWith(LogsOnFailure.class)
class DuplicatesTest {

    private static final String DEVICE = "box-duplicates";
    private static final String CHANGES = Topics.syncChanges(DEVICE);
    private static final String ACKS = Topics.syncAcks(DEVICE);
    private static final String LOG = Topics.syncLog(DEVICE);

    @TempDir
    static Path dir;

    static Stack stack;
    static Tap tap;
    static BoxProcess box;
    static Library library;
    static CloudReplica replica;

    @BeforeAll
    static void start() {
        stack = Stack.start(DuplicatesTest.class, dir, DEVICE);
        // Before the box starts, so its first pull and every later message is recorded.
        tap = Tap.watch(stack.broker(), CHANGES, ACKS, LOG);
        box = stack.box(DEVICE);
        library = box.library();
        replica = stack.replica(DEVICE);
        box.awaitConnected(Stack.CONVERGE);
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
        stack.close();
    }

    @Test
    void changesAcksAndLogPagesSentAgainTwiceInReverseOrderChangeNothing() {
        String p = library.createPlaylist("Songs");
        String a = library.addTrack(p, "a");
        String b = library.addTrack(p, "b");
        library.rename(p, "Songs, renamed");
        library.describe(p, "for the car");
        library.reorder(p, List.of(b, a));
        String gone = library.createPlaylist("Going");
        library.deletePlaylist(gone);
        library.linkTag("04d0c1a2", p);
        box.awaitDrained(Stack.CONVERGE);
        String cloudPlaylist = UUID.randomUUID().toString();
        stack.cloud().edit(DEVICE, "playlist", cloudPlaylist, "title", "From the cloud");
        stack.cloud().edit(DEVICE, "playlist", p, "title", "Songs, renamed in the cloud");
        awaitSame(
                "the cloud's edits",
                shown -> shown.playlists().containsKey(cloudPlaylist)
                        && "Songs, renamed in the cloud"
                                .equals(shown.playlist(p).title()));
        Shown before = library.shown();
        long logged = loggedRows();

        int mark = tap.count();
        List<Tap.Message> changes = tap.on(CHANGES);
        Set<String> changeIds = changeIds(changes);
        assertThat(changeIds).as("the box's changes were recorded").hasSizeGreaterThanOrEqualTo(9);
        replayReversedTwice(changes);
        Poll.until(
                "the cloud to answer every replayed change twice",
                Stack.CONVERGE,
                () -> changeIds.stream()
                        .allMatch(
                                id -> outcomes(mark).getOrDefault(id, List.of()).size() >= 2),
                () -> outcomes(mark).toString());
        outcomes(mark)
                .forEach((id, outcomes) -> assertThat(outcomes)
                        .as("answers to the replayed change " + id)
                        .containsOnly("duplicate"));
        assertThat(outcomes(mark).keySet()).isEqualTo(changeIds);

        replayReversedTwice(tap.before(mark, ACKS));
        List<Tap.Message> pages = tap.before(mark, LOG);
        assertThat(pages).as("log pages were recorded").isNotEmpty();
        replayReversedTwice(pages);

        // The replays were acknowledged by the broker before this edit was made, so the box gets them before the
        // page that carries it: once the box shows the marker, it has handled every replayed message.
        String marker = UUID.randomUUID().toString();
        stack.cloud().edit(DEVICE, "playlist", marker, "title", "Marker");
        awaitSame("the marker", shown -> shown.playlists().containsKey(marker));

        Map<String, Shown.Playlist> expected = new HashMap<>(before.playlists());
        expected.put(marker, new Shown.Playlist("Marker", null, List.of()));
        assertThat(library.shown()).isEqualTo(new Shown(expected, before.tags()));
        assertThat(replica.shown()).isEqualTo(library.shown());
        assertThat(replica.changeIdsLoggedTwice()).isEmpty();
        assertThat(loggedRows())
                .as("only the marker was logged after the replays")
                .isEqualTo(logged + 1);
        assertThat(box.outboxDepth()).isZero();
        assertThat(tap.since(mark, CHANGES))
                .as("the box sent nothing back for what it got again")
                .isEmpty();
    }

    /** Publishes each message twice, the last recorded first. */
    private static void replayReversedTwice(List<Tap.Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            tap.publish(messages.get(i));
            tap.publish(messages.get(i));
        }
    }

    private static Set<String> changeIds(List<Tap.Message> batches) {
        Set<String> ids = new HashSet<>();
        for (Tap.Message batch : batches) {
            for (JsonNode change : batch.json().path("changes")) {
                ids.add(change.path("change_id").asText());
            }
        }
        return ids;
    }

    /** The outcomes the cloud answered after the mark, by change id, in the order they came. */
    private static Map<String, List<String>> outcomes(int mark) {
        Map<String, List<String>> outcomes = new HashMap<>();
        for (Tap.Message acks : tap.since(mark, ACKS)) {
            for (JsonNode result : acks.json().path("results")) {
                outcomes.computeIfAbsent(result.path("change_id").asText(), id -> new ArrayList<>())
                        .add(result.path("outcome").asText());
            }
        }
        return outcomes;
    }

    private static long loggedRows() {
        return (Long) stack.database()
                .rows("SELECT count(*) AS n FROM replica_log WHERE device_id = ?", DEVICE)
                .get(0)
                .get("n");
    }

    private static void awaitSame(String what, Predicate<Shown> pulled) {
        Poll.until(
                "the box to show " + what + " and the same library as the cloud",
                Stack.CONVERGE,
                () -> {
                    Shown onBox = library.shown();
                    return pulled.test(onBox) && onBox.equals(replica.shown());
                },
                () -> "box " + library.shown() + "\ncloud " + replica.shown());
    }
}
