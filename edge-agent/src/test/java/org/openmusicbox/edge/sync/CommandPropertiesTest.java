package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.sqlite.SqliteOutbox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** A command's MQTT 5 response topic and correlation data reach whoever answers it, and only own topics are used. */
class CommandPropertiesTest {

    private static final String ID = "box-props";
    private static final JsonCodec JSON = new JsonCodec();

    @TempDir
    Path tmp;

    record Sent(String topic, byte[] payload, byte[] correlation) {}

    @Test
    void replyTopicsAreThisDevicesOnly() {
        assertEquals(Topics.relayReplies(ID, "relay-x"), ReplyTopic.of(ID, Topics.relayReplies(ID, "relay-x"), false));
        assertNull(ReplyTopic.of(ID, Topics.relayReplies("other-box", "relay-x"), false), "another box's");
        assertNull(ReplyTopic.of(ID, Topics.commandReplies(ID), false), "the fixed topic when not allowed");
        assertEquals(Topics.commandReplies(ID), ReplyTopic.of(ID, Topics.commandReplies(ID), true));
        assertNull(ReplyTopic.of(ID, Topics.presence(ID), true), "not a reply topic");
        assertNull(ReplyTopic.of(ID, "omb/v1/devices/" + ID + "/commands/replies/a/b", true), "an extra level");
        assertNull(ReplyTopic.of(ID, "elsewhere", true));
        assertNull(ReplyTopic.of(ID, null, true));
    }

    @Test
    void syncNowIsAnsweredOnItsResponseTopicWithItsCorrelationData() throws Exception {
        List<Sent> sent = new CopyOnWriteArrayList<>();
        CountDownLatch replied = new CountDownLatch(2);
        Outlet outlet = new Outlet() {
            @Override
            public boolean publish(String topic, byte[] payload) {
                sent.add(new Sent(topic, payload, null));
                return true;
            }

            @Override
            public boolean reply(String topic, byte[] payload, byte[] correlationData) {
                sent.add(new Sent(topic, payload, correlationData));
                replied.countDown();
                return true;
            }
        };
        try (Database db = Database.open(tmp);
                CloudTraffic traffic = new CloudTraffic(ID, new SqliteOutbox(db), new FakeCloudChanges(0), JSON)) {
            traffic.connected(outlet);
            CountDownLatch handled = new CountDownLatch(2);
            byte[] command = JSON.toBytes(new DeviceCommand("cmd-1", DeviceCommand.SYNC_NOW, Map.of()));
            byte[] correlation = "cmd-1".getBytes(StandardCharsets.UTF_8);
            traffic.arrived(
                    Topics.commands(ID),
                    command,
                    new Arrivals.Properties(Topics.relayReplies(ID, "relay-x"), correlation, 10L),
                    handled::countDown);
            // A response topic of another box is not used: the fixed one is.
            traffic.arrived(
                    Topics.commands(ID),
                    command,
                    new Arrivals.Properties(Topics.relayReplies("other-box", "relay-x"), correlation, 10L),
                    handled::countDown);
            assertTrue(replied.await(10, TimeUnit.SECONDS), "both replies");
            assertTrue(handled.await(10, TimeUnit.SECONDS), "both acknowledged");
            List<Sent> replies =
                    sent.stream().filter(s -> s.correlation() != null).toList();
            assertEquals(Topics.relayReplies(ID, "relay-x"), replies.get(0).topic());
            assertArrayEquals(correlation, replies.get(0).correlation());
            assertEquals(
                    "cmd-1",
                    JSON.read(replies.get(0).payload(), CommandReply.class).commandId());
            assertEquals(Topics.commandReplies(ID), replies.get(1).topic());
        }
    }
}
