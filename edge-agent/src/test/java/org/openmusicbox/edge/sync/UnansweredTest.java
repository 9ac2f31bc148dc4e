package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.sync.Entity;

/**
 * A broker takes a message that no subscriber gets (the cloud not yet subscribed after a broker restart, or crashed
 * before it answered) and acknowledges it to the box all the same. While the connection stays up, only the missing
 * answer tells: the outbox's changes and the log's pull go again once their patience is out, and not before.
 */
class UnansweredTest {

    private static final String BOX = "box-unanswered";
    private static final JsonCodec CODEC = new JsonCodec();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> published = new ArrayList<>();
    private final Outlet outlet = (topic, payload) -> published.add(topic + " " + new String(payload));

    @Test
    void changesLeftUnansweredGoAgainAfterThePatienceAndTheDelayGrowsWhileTheCloudIsSilent() {
        MemoryOutbox outbox = new MemoryOutbox(3);
        OutboxDrain drain = new OutboxDrain(outbox, BOX, CODEC, new SyncBatches(CODEC), now::get);
        drain.connected(outlet);
        assertEquals(1, sent(), "the three changes in one message");
        assertEquals(3, drain.inFlight());

        now.addAndGet(OutboxDrain.PATIENCE_NS - 1);
        drain.look();
        assertEquals(1, sent(), "not before the patience is out");

        now.addAndGet(1);
        drain.look();
        assertEquals(2, sent(), "sent again on the same connection");
        assertEquals(3, drain.inFlight());

        now.addAndGet(OutboxDrain.PATIENCE_NS);
        drain.look();
        assertEquals(2, sent(), "the cloud stayed silent: it waits twice as long now");
        now.addAndGet(OutboxDrain.PATIENCE_NS);
        drain.look();
        assertEquals(3, sent());

        // An answer ends it: the answered changes leave, and nothing more goes again.
        drain.acked(new SyncAcks(outbox.ids().stream()
                .map(id -> SyncResult.of(id, SyncOutcome.DUPLICATE))
                .toList()));
        assertEquals(0, outbox.depth());
        assertEquals(0, drain.inFlight());
        now.addAndGet(OutboxDrain.MAX_PATIENCE_NS);
        drain.look();
        assertEquals(3, sent());
    }

    @Test
    void aPullLeftUnansweredIsAskedAgainWithANewRequestId() {
        FakeCloudChanges changes = new FakeCloudChanges(41);
        LogPull pull = new LogPull(changes, BOX, CODEC, now::get);
        pull.connected(outlet);
        String first = pull.pending();
        assertNotNull(first);
        pull.look();
        assertEquals(first, pull.pending(), "within its patience the pull waits");

        now.addAndGet(30_000_000_000L);
        pull.look();
        String second = pull.pending();
        assertNotEquals(first, second);
        assertEquals(2, published.size());
        SyncPull again = CODEC.read(published.get(1).substring(published.get(1).indexOf(' ') + 1), SyncPull.class);
        assertEquals(41, again.after(), "from the same cursor");

        pull.lost();
        now.addAndGet(60_000_000_000L);
        pull.look();
        assertNull(pull.pending());
        assertEquals(2, published.size(), "offline, nothing is asked");
    }

    private long sent() {
        return published.stream()
                .filter(p -> p.startsWith(Topics.syncChanges(BOX) + " "))
                .map(p -> CODEC.read(p.substring(p.indexOf(' ') + 1), SyncChanges.class))
                .count();
    }

    /** The outbox port in memory: a few title changes, removed by change id. */
    private static final class MemoryOutbox implements Outbox {
        private final List<Entry> entries = new ArrayList<>();

        MemoryOutbox(int count) {
            for (int i = 1; i <= count; i++) {
                entries.add(new Entry(
                        i,
                        "change-" + i,
                        Entity.PLAYLIST,
                        "pl-" + i,
                        "title",
                        "\"Title " + i + "\"",
                        1_000L + i,
                        BOX,
                        Instant.EPOCH));
            }
        }

        List<String> ids() {
            return entries.stream().map(Entry::changeId).toList();
        }

        @Override
        public int depth() {
            return entries.size();
        }

        @Override
        public Optional<Duration> oldestAge(Instant at) {
            return entries.isEmpty() ? Optional.empty() : Optional.of(Duration.between(Instant.EPOCH, at));
        }

        @Override
        public List<Entry> oldest(int limit) {
            return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
        }

        @Override
        public boolean remove(String changeId) {
            return entries.removeIf(e -> e.changeId().equals(changeId));
        }
    }
}
