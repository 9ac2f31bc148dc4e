package org.openmusicbox.edge.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.remote.sqlite.SqliteLedger;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.edge.sync.Unhandled;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** A relayed command is applied once, on a real SQLite ledger, and answered only on this box's relay topics. */
class RemoteCommandsTest {

    private static final String ID = "box-once";
    private static final String REPLIES = Topics.relayReplies(ID, "relay-x");
    private static final JsonCodec JSON = new JsonCodec();

    @TempDir
    Path tmp;

    private Database db;
    private SqliteLedger ledger;
    private RemoteCommands commands;
    private final AtomicInteger changes = new AtomicInteger();
    private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> receipts = new LinkedBlockingQueue<>();

    record Sent(String topic, byte[] payload) {}

    @BeforeEach
    void start() {
        db = Database.open(tmp);
        ledger = new SqliteLedger(db, () -> 1_000L);
        Once once = Once.of(ledger);
        commands = new RemoteCommands(
                ID, ledger, new Viewers(() -> 0L), new LinkOutlet(), JSON, () -> 1_000L, new Unhandled());
        // A change that counts itself, recorded with its command as an endpoint's would be.
        commands.serve(Map.of(DeviceCommand.HTTP, new CommandRunner() {
            @Override
            public CompletableFuture<Object> run(String commandId, Map<String, Object> args) {
                return CompletableFuture.completedFuture(
                        once.wrap(commandId, () -> Map.of("change", changes.incrementAndGet()))
                                .get());
            }

            @Override
            public Object alreadyApplied() {
                return Map.of("already_applied", true);
            }
        }));
        commands.connected(new Outlet() {
            @Override
            public boolean publish(String topic, byte[] payload) {
                return false;
            }

            @Override
            public boolean reply(String topic, byte[] payload, byte[] correlation) {
                assertEquals(REPLIES, topic);
                replies.add(payload);
                return true;
            }
        });
    }

    @AfterEach
    void stop() {
        commands.close();
        db.close();
    }

    @Test
    void theSameCommandTwiceGetsTheSameReplyAndChangesOnce() throws Exception {
        send("cmd-1", REPLIES);
        byte[] first = reply();
        send("cmd-1", REPLIES);
        byte[] second = reply();
        assertArrayEquals(first, second);
        assertEquals(1, changes.get());
        assertEquals("cmd-1", receipts.poll(10, TimeUnit.SECONDS), "acknowledged once answered");
        assertEquals("cmd-1", receipts.poll(10, TimeUnit.SECONDS), "the second one too");
        assertTrue(JSON.read(first, CommandReply.class).success());
    }

    @Test
    void aCommandAppliedBeforeACrashIsAnsweredAlreadyAppliedAndNotRunAgain() throws Exception {
        // The change committed with its row, and the box died before the reply was kept.
        ledger.applyOnce("cmd-crash", () -> "applied");
        send("cmd-crash", REPLIES);
        CommandReply reply = JSON.read(reply(), CommandReply.class);
        assertTrue(reply.success());
        assertEquals(Map.of("already_applied", true), reply.data());
        assertEquals(0, changes.get());
    }

    @Test
    void aResponseTopicNotOfThisBoxIsRefusedAndNothingRuns() throws Exception {
        send("cmd-other", Topics.relayReplies("other-box", "relay-x"));
        assertNotNull(receipts.poll(10, TimeUnit.SECONDS), "acknowledged: it will never be answerable");
        // The receipt is given where the command is refused, so a reply would already be here.
        assertNull(replies.peek(), "no reply anywhere");
        assertEquals(0, changes.get());
    }

    @Test
    void rowsOlderThanADayArePruned() {
        ledger.applyOnce("old", () -> "x");
        assertEquals(0, ledger.prune(1_000L));
        assertEquals(1, ledger.prune(1_001L));
        assertTrue(ledger.find("old").isEmpty());
    }

    private void send(String commandId, String responseTopic) {
        commands.arrived(
                Topics.commands(ID),
                JSON.toBytes(new DeviceCommand(commandId, DeviceCommand.HTTP, Map.of())),
                new Arrivals.Properties(responseTopic, Topics.correlationData(commandId), 10L),
                () -> receipts.add(commandId));
    }

    private byte[] reply() throws InterruptedException {
        byte[] reply = replies.poll(10, TimeUnit.SECONDS);
        assertNotNull(reply, "a reply");
        return reply;
    }
}
