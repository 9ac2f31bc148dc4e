package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.CloudReplica;
import org.openmusicbox.e2e.harness.Http;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.Shown;
import org.openmusicbox.e2e.harness.Stack;

/**
 * Issue 15: kill -9 of the box, of the cloud app and of the broker while a client makes edits. Each edit creates
 * one playlist titled after its number, so every acknowledged edit can be looked for in the cloud, anything else
 * there is a phantom, and each title must be logged exactly once.
 */
@ExtendWith(LogsOnFailure.class)
class KilledTest {

    @TempDir
    static Path dir;

    static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(KilledTest.class, dir, "box-killed", "box-cloud-killed", "box-broker-killed");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theBoxKilledDuring500EditsLosesNoAcknowledgedEditAndInventsNone() throws Exception {
        BoxProcess box = stack.box("box-killed");
        box.awaitConnected(Stack.CONVERGE);
        Edits edits = Edits.start(box, 500);
        Poll.until("250 acknowledged edits", Stack.CONVERGE, () -> edits.acknowledged.size() >= 250);
        box.kill();
        edits.finish();
        box.start();
        checkAfterRestart(box, edits);
    }

    @Test
    void theCloudKilledMidBatchLosesNothing() throws Exception {
        BoxProcess box = stack.box("box-cloud-killed");
        box.awaitConnected(Stack.CONVERGE);
        Edits edits = Edits.start(box, 300);
        Poll.until("100 acknowledged edits", Stack.CONVERGE, () -> edits.acknowledged.size() >= 100);
        stack.cloud().kill();
        edits.finish();
        stack.cloud().start();
        checkAfterRestart(box, edits);
    }

    @Test
    void theBrokerKilledMidBatchLosesNothing() throws Exception {
        BoxProcess box = stack.box("box-broker-killed");
        box.awaitConnected(Stack.CONVERGE);
        Edits edits = Edits.start(box, 300);
        Poll.until("100 acknowledged edits", Stack.CONVERGE, () -> edits.acknowledged.size() >= 100);
        stack.broker().kill();
        edits.finish();
        stack.broker().start();
        checkAfterRestart(box, edits);
    }

    private static void checkAfterRestart(BoxProcess box, Edits edits) {
        box.awaitDrained(Stack.CONVERGE);
        CloudReplica cloud = stack.replica(box.deviceId());
        Shown inCloud = cloud.shown();
        Set<String> titles = new HashSet<>();
        inCloud.playlists().values().forEach(p -> titles.add(p.title()));
        assertThat(titles).as("every acknowledged edit is in the cloud").containsAll(edits.acknowledged);
        assertThat(edits.sent)
                .as("no phantom: the cloud holds only edits that were sent")
                .containsAll(titles);
        assertThat(inCloud).isEqualTo(box.library().shown());
        assertThat(cloud.changeIdsLoggedTwice()).isEmpty();
        assertThat(cloud.logCounts("playlist", "title").values())
                .as("each edit logged once")
                .allMatch(n -> n == 1L);
    }

    /** A client thread creating numbered playlists, recording which were sent and which got a 2xx. */
    private static final class Edits {
        final Set<String> sent = ConcurrentHashMap.newKeySet();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger failures = new AtomicInteger();
        private Thread thread;

        static Edits start(BoxProcess box, int count) {
            Edits edits = new Edits();
            edits.thread = new Thread(
                    () -> {
                        for (int i = 0; i < count; i++) {
                            String title = "edit-" + i;
                            edits.sent.add(title);
                            try {
                                Http.Answer answer = box.library().tryCreatePlaylist(title);
                                if (answer.ok()) {
                                    edits.acknowledged.add(title);
                                } else {
                                    edits.failures.incrementAndGet();
                                }
                            } catch (RuntimeException refused) {
                                edits.failures.incrementAndGet();
                            }
                        }
                    },
                    "edits-" + box.deviceId());
            edits.thread.start();
            return edits;
        }

        void finish() throws InterruptedException {
            thread.join(120_000);
            assertThat(thread.isAlive()).as("the client finished its edits").isFalse();
        }
    }
}
