package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.library.sqlite.SqliteOutbox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.Track;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.Refusal;
import org.openmusicbox.protocol.v1.mqtt.SyncAcks;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChange;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncOutcome;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.SyncResult;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The box's sync traffic against a real Mosquitto and a small fake cloud: the outbox goes out in batches and leaves
 * only on the cloud's results, the log comes in page by page from the cursor, and a message is acknowledged to the
 * broker only once handled.
 */
class CloudTrafficTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String ID = "box-traffic";
    private static final JsonCodec JSON = new JsonCodec();

    @TempDir
    Path tmp;

    private TestBroker broker;
    private FakeCloud cloud;
    private final List<Box> boxes = new ArrayList<>();
    private Database db;

    @AfterEach
    void stop() throws Exception {
        for (Box box : boxes) {
            box.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The box's side: its library and outbox on a real SQLite file, the traffic and the link, what arrived. */
    private final class Box implements AutoCloseable {
        final CloudTraffic traffic;
        final CloudLink link;
        final List<String> heard = new CopyOnWriteArrayList<>();

        Box(Outbox outbox, CloudChanges changes) {
            traffic = new CloudTraffic(ID, outbox, changes, JSON);
            Arrivals recorded = new Arrivals() {
                @Override
                public void arrived(String topic, byte[] payload, Receipt receipt) {
                    heard.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
                    traffic.arrived(topic, payload, receipt);
                }

                @Override
                public void connected(Outlet outlet) {
                    traffic.connected(outlet);
                }

                @Override
                public void lost() {
                    traffic.lost();
                }
            };
            link = CloudLinks.open(
                    ConfigLoader.load(null, Map.of(), Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", ID))
                            .cloud(),
                    "0.1.0-test",
                    recorded);
            link.start();
            boxes.add(this);
        }

        void awaitState(LinkStatus.State state) throws InterruptedException {
            await(() -> link.status().state() == state, "link " + state + ", is " + link.status());
        }

        @Override
        public void close() {
            link.close();
            traffic.close();
        }
    }

    private Library library() {
        db = Database.open(tmp.resolve("data"));
        return new SqliteLibrary(db, System::currentTimeMillis);
    }

    private Outbox outbox() {
        db = Database.open(tmp.resolve("data"));
        return new SqliteOutbox(db);
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(20); // between polls of a condition with a deadline
        }
    }

    private static List<String> ids(Outbox outbox) {
        return outbox.oldest(100_000).stream().map(Outbox.Entry::changeId).toList();
    }

    @Test
    void editsMadeWhileTheBrokerIsDownGoOutInOrderOnceWhenItIsBackAndLeaveOnlyOnTheirResults() throws Exception {
        broker = TestBroker.persistent(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        cloud.answer(batch -> null);
        Library library = library();
        Outbox outbox = new SqliteOutbox(db);
        Box box = new Box(outbox, new FakeCloudChanges(0));
        box.awaitState(LinkStatus.State.CONNECTED);

        broker.stop();
        box.awaitState(LinkStatus.State.OFFLINE);
        Playlist one = library.create("One", null);
        library.create("Two", "for the car");
        library.update(one.id(), "Uno", "renamed while offline");
        List<String> expected = ids(outbox);
        assertTrue(expected.size() >= 4, "the edits are in the outbox: " + expected);

        broker = broker.again();
        cloud.await(c -> c.changeIds().size() >= expected.size(), DEADLINE, "all " + expected.size() + " changes");
        assertEquals(expected, cloud.changeIds(), "every change once, oldest first");
        assertEquals(expected, ids(outbox), "the broker took them (PUBACK), but only the cloud's results remove them");

        for (SyncChanges batch : cloud.batches()) {
            cloud.ack(FakeCloud.allApplied(batch));
        }
        await(() -> outbox.depth() == 0, "the outbox empties on the results, is " + ids(outbox));
        assertEquals(expected, cloud.changeIds(), "nothing sent twice");
    }

    @Test
    void aBatchWhoseResultsAreLostStaysIsNotSentAgainOnTheSameConnectionAndGoesAgainAfterAReconnect() throws Exception {
        broker = TestBroker.persistent(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        AtomicInteger answered = new AtomicInteger();
        // The results of the first batch are lost on the way; every later batch is answered.
        cloud.answer(batch -> answered.getAndIncrement() == 0 ? null : FakeCloud.allApplied(batch));
        Library library = library();
        Outbox outbox = new SqliteOutbox(db);
        Box box = new Box(outbox, new FakeCloudChanges(0));
        box.awaitState(LinkStatus.State.CONNECTED);

        Playlist first = library.create("First", null);
        List<String> unanswered = ids(outbox);
        cloud.await(c -> c.changeIds().size() >= unanswered.size(), DEADLINE, "the first edit");
        assertEquals(unanswered, cloud.changeIds());

        // A later edit goes out on its own: the unanswered one is not sent again while the connection lasts.
        library.create("Second", null);
        List<String> second = new ArrayList<>(ids(outbox));
        second.removeAll(unanswered);
        cloud.await(c -> c.changeIds().size() >= unanswered.size() + second.size(), DEADLINE, "the second edit");
        List<String> both = new ArrayList<>(unanswered);
        both.addAll(second);
        assertEquals(both, cloud.changeIds());
        await(() -> ids(outbox).equals(unanswered), "only the answered entries leave, outbox " + ids(outbox));

        broker.stop();
        box.awaitState(LinkStatus.State.OFFLINE);
        broker = broker.again();
        await(() -> outbox.depth() == 0, "sent again after the reconnect and answered, outbox " + ids(outbox));
        List<String> all = cloud.changeIds();
        assertEquals(unanswered, all.subList(both.size(), all.size()), "exactly the unanswered ones went again");
        assertFalse(first.id().isEmpty());
    }

    @Test
    void aRejectedChangeLeavesTheOutboxAndTheBoxLogsItsReason() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        Library library = library();
        Outbox outbox = new SqliteOutbox(db);
        Playlist playlist = library.create("Skewed", null);
        String title = outbox.oldest(100).stream()
                .filter(e -> e.field().equals("title"))
                .findFirst()
                .orElseThrow()
                .changeId();
        cloud.answer(batch -> new SyncAcks(batch.changes().stream()
                .map(c -> c.changeId().equals(title)
                        ? SyncResult.rejected(c.changeId(), Refusal.CLOCK_SKEW, "a stamp far in the future")
                        : SyncResult.of(c.changeId(), SyncOutcome.APPLIED))
                .toList()));

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            Box box = new Box(outbox, new FakeCloudChanges(0));
            box.awaitState(LinkStatus.State.CONNECTED);
            await(() -> outbox.depth() == 0, "the rejected entry leaves like the others, outbox " + ids(outbox));
            await(() -> captured.toString(StandardCharsets.UTF_8).contains(title), "the rejection in the log");
            String log = captured.toString(StandardCharsets.UTF_8);
            String line = log.lines().filter(l -> l.contains(title)).findFirst().orElseThrow();
            assertTrue(
                    line.contains("WARN") && line.contains("clock_skew") && line.contains("a stamp far in the future"),
                    line);
            assertTrue(line.contains("playlist/" + playlist.id() + ".title"), line);
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aPlaylistOf2000TracksAndItsOrderGoOutInBatchesWithinTheBudget() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        Library library = library();
        Outbox outbox = new SqliteOutbox(db);
        Playlist playlist = library.create("Long", null);
        for (int i = 0; i < 2_000; i++) {
            library.addTrack(
                    playlist.id(),
                    new Library.NewTrack("t" + i, "t" + i + ".mp3", "t" + i + ".mp3", 1000, null, null, 1));
        }
        List<String> order = new ArrayList<>(library.playlist(playlist.id()).orElseThrow().tracks().stream()
                .map(Track::id)
                .toList());
        Collections.reverse(order);
        library.reorder(playlist.id(), order);
        int depth = outbox.depth();

        long started = System.nanoTime();
        Box box = new Box(outbox, new FakeCloudChanges(0));
        box.awaitState(LinkStatus.State.CONNECTED);
        await(() -> outbox.depth() == 0, "all " + depth + " entries sent and answered, left " + outbox.depth());
        long ms = (System.nanoTime() - started) / 1_000_000;

        List<Integer> sizes = cloud.sizes();
        assertTrue(sizes.stream().allMatch(s -> s <= SyncBatches.DEFAULT_BUDGET), "sizes " + sizes);
        assertTrue(cloud.batches().size() * 50 < depth, cloud.batches().size() + " batches for " + depth + " changes");
        SyncChange sent = cloud.batches().stream()
                .flatMap(b -> b.changes().stream())
                .filter(c -> c.field().equals("order"))
                .findFirst()
                .orElseThrow();
        assertEquals(2_000, sent.value().size());
        assertEquals(order.get(0), sent.value().get(0).asText());
        System.out.println("Sent and answered " + depth + " changes in "
                + cloud.batches().size() + " messages in " + ms + " ms (largest " + Collections.max(sizes) + " bytes)");
    }

    private static SyncLog.Entry entry(long seq, String changeId) {
        return new SyncLog.Entry(
                seq,
                new SyncChange(
                        changeId,
                        Entity.PLAYLIST,
                        "3d6f0c2e-8a41-4b7e-9f12-5c0a7e9b1d44",
                        "title",
                        TextNode.valueOf("title " + seq),
                        Long.toString(117681743593472000L + seq),
                        "cloud-test"));
    }

    @Test
    void pullsFromTheCursorOnConnectWhileMoreAndOnSyncNowAndIgnoresAPageOfAnOldPull() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        FakeCloudChanges changes = new FakeCloudChanges(7);
        Box box = new Box(outbox(), changes);

        cloud.await(c -> c.pulls().size() >= 1, DEADLINE, "a pull on connect");
        SyncPull first = cloud.pulls().get(0);
        assertEquals(ID, first.deviceId());
        assertEquals(7, first.after(), "from the cursor");
        assertTrue(first.limit() >= 1 && first.limit() <= SyncPull.MAX_LIMIT, "limit " + first.limit());

        cloud.log(new SyncLog(first.requestId(), List.of(entry(8, "c8"), entry(9, "c9")), 9, true));
        cloud.await(c -> c.pulls().size() >= 2, DEADLINE, "the next page, asked for since there is more");
        SyncPull second = cloud.pulls().get(1);
        assertEquals(9, second.after());
        assertEquals(List.of(new FakeCloudChanges.Page(9, List.of("c8", "c9"))), changes.pages());

        cloud.log(new SyncLog(second.requestId(), List.of(), 9, false));
        // A page for the first pull again (the broker may send one twice): ignored, whatever it holds.
        cloud.log(new SyncLog(first.requestId(), List.of(entry(10, "old")), 10, false));

        cloud.command(new DeviceCommand("cmd-1", CloudTraffic.SYNC_NOW, Map.of()));
        cloud.await(c -> c.pulls().size() >= 3, DEADLINE, "a pull on sync_now");
        assertEquals(3, cloud.pulls().size(), "no pull after the last page without more");
        SyncPull third = cloud.pulls().get(2);
        assertEquals(9, third.after(), "the old page moved nothing");
        assertEquals(1, changes.pages().size(), "the old page was not applied: " + changes.pages());
        cloud.await(c -> !c.replies().isEmpty(), DEADLINE, "the reply to sync_now");
        assertEquals("cmd-1", cloud.replies().get(0).commandId());
        assertTrue(cloud.replies().get(0).success());

        cloud.log(new SyncLog(third.requestId(), List.of(entry(10, "c10")), 10, false));
        cloud.command(new DeviceCommand("cmd-2", CloudTraffic.SYNC_NOW, Map.of()));
        cloud.await(c -> c.pulls().size() >= 4, DEADLINE, "a pull on the second sync_now");
        assertEquals(10, cloud.pulls().get(3).after());
        assertEquals(
                List.of(
                        new FakeCloudChanges.Page(9, List.of("c8", "c9")),
                        new FakeCloudChanges.Page(10, List.of("c10"))),
                changes.pages());
        assertEquals(4, cloud.pulls().size());
        assertEquals(LinkStatus.State.CONNECTED, box.link.status().state());
    }

    @Test
    void unusableMessagesFromTheCloudAreDroppedAndTheTrafficGoesOn() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        FakeCloudChanges changes = new FakeCloudChanges(0);
        new Box(outbox(), changes);
        cloud.await(c -> c.pulls().size() >= 1, DEADLINE, "a pull on connect");

        cloud.raw(Topics.syncLog(ID), "not json".getBytes(StandardCharsets.UTF_8));
        cloud.raw(Topics.syncAcks(ID), "{\"results\":[]}".getBytes(StandardCharsets.UTF_8));
        cloud.raw(Topics.commands(ID), "{\"name\":\"sync_now\"}".getBytes(StandardCharsets.UTF_8));
        cloud.raw(
                Topics.syncLog(ID),
                ("{\"request_id\":\"" + cloud.pulls().get(0).requestId()
                                + "\",\"entries\":[],\"next\":0,\"more\":true}")
                        .getBytes(StandardCharsets.UTF_8));
        cloud.command(new DeviceCommand("cmd-after", CloudTraffic.SYNC_NOW, Map.of()));
        cloud.await(c -> !c.replies().isEmpty(), DEADLINE, "the reply to the good command");
        assertEquals(
                List.of("cmd-after"),
                cloud.replies().stream().map(r -> r.commandId()).toList());
        assertEquals(List.of(), changes.pages(), "nothing applied from the broken messages");
    }

    /**
     * A page whose applying fails, or hangs until the box stops, is not acknowledged: the broker sends it again on
     * the box's next connection, while a page that was applied is not sent again.
     */
    @Test
    void aPageNotHandledComesAgainAfterAReconnectAndAHandledOneDoesNot() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = FakeCloud.of(broker.url(), ID);
        Outbox outbox = outbox();
        FakeCloudChanges failing = new FakeCloudChanges(0);
        Box first = new Box(outbox, failing);
        cloud.await(c -> c.pulls().size() >= 1, DEADLINE, "a pull on connect");
        String applied = cloud.pulls().get(0).requestId();
        cloud.log(new SyncLog(applied, List.of(entry(1, "c1")), 1, true));
        cloud.await(c -> c.pulls().size() >= 2, DEADLINE, "the next page");
        failing.fail(true);
        String broken = cloud.pulls().get(1).requestId();
        cloud.log(new SyncLog(broken, List.of(entry(2, "c2")), 2, false));
        await(() -> first.heard.stream().anyMatch(h -> h.contains(broken)), "the page that fails");
        first.close();
        boxes.remove(first);

        FakeCloudChanges hanging = new FakeCloudChanges(1);
        CountDownLatch never = new CountDownLatch(1);
        hanging.hold(never);
        Box second = new Box(outbox, hanging);
        await(() -> second.heard.stream().anyMatch(h -> h.contains(broken)), "the failed page again");
        assertTrue(second.heard.stream().noneMatch(h -> h.contains(applied)), "the applied page came again");
        // The old page is not applied (its pull is over); the new pull from the cursor fetches it.
        cloud.await(c -> c.pulls().size() >= 3, DEADLINE, "a pull on the reconnect");
        SyncPull again = cloud.pulls().get(2);
        assertEquals(1, again.after());
        cloud.log(new SyncLog(again.requestId(), List.of(entry(2, "c2")), 2, false));
        assertTrue(hanging.entered().await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the page is being applied");
        second.close();
        boxes.remove(second);
        never.countDown();

        FakeCloudChanges working = new FakeCloudChanges(1);
        Box third = new Box(outbox, working);
        await(() -> third.heard.stream().anyMatch(h -> h.contains(again.requestId())), "the page that hung, again");
        cloud.await(c -> c.pulls().size() >= 4, DEADLINE, "a pull on the third connect");
        SyncPull last = cloud.pulls().get(3);
        cloud.log(new SyncLog(last.requestId(), List.of(entry(2, "c2")), 2, false));
        await(() -> working.cursor() == 2, "applied at last");
        assertEquals(List.of(new FakeCloudChanges.Page(2, List.of("c2"))), working.pages());
    }

    /** Writes to two streams: the test reads the log and a person still sees it. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
