package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.api.RawHttp;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;
import org.openmusicbox.protocol.v1.mqtt.HttpCall;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A relay's {@code http} command against a real Mosquitto with the shipped ACL: the relay (user {@code omb-cloud})
 * asks the box to create a playlist, with its response topic {@code commands/replies/relay-x}, and gets the box's
 * HTTP answer with its correlation data; the same command again gets the same reply, and the playlist exists once.
 */
class RelayCommandTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String DEVICE = "box-relay";
    private static final String TOKEN = "parent-token-for-relay";
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path tmp;

    private TestBroker broker;
    private EdgeAgent agent;
    private MqttClient relay;

    @AfterEach
    void stop() throws Exception {
        if (relay != null && relay.isConnected()) {
            relay.disconnect();
        }
        if (agent != null) {
            agent.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anHttpCommandIsAnsweredOnTheRelaysTopicAndAppliedOnce() throws Exception {
        broker = TestBroker.withShippedAcl(
                tmp.resolve("broker"), Map.of(DEVICE, "box-secret", "omb-cloud", "cloud-secret"));
        BlockingQueue<MqttMessage> phones = new LinkedBlockingQueue<>();
        BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
        relay = new MqttClient(broker.url(), "relay-x", null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("omb-cloud");
        options.setPassword("cloud-secret".getBytes(StandardCharsets.UTF_8));
        relay.connect(options);
        relay.subscribe(
                new MqttSubscription[] {
                    new MqttSubscription(Topics.remotePhones(DEVICE), 1),
                    new MqttSubscription(Topics.relayReplies(DEVICE, "relay-x"), 1)
                },
                new IMqttMessageListener[] {
                    (topic, message) -> phones.add(message), (topic, message) -> replies.add(message)
                });

        Map<String, String> props = new HashMap<>(Map.of(
                "omb.auth.token", TOKEN,
                "omb.data-dir", tmp.resolve("data").toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false"));
        props.putAll(Map.of(
                "omb.cloud.url",
                broker.url(),
                "omb.cloud.device-id",
                DEVICE,
                "omb.cloud.username",
                DEVICE,
                "omb.cloud.password",
                "box-secret"));
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
        // The box publishes its phone list once it is connected and subscribed: commands reach it from then on.
        assertNotNull(phones.poll(WAIT_SECONDS, TimeUnit.SECONDS), "the box's phone list, once connected");

        HttpCall call = new HttpCall(
                "POST",
                "/api/playlists",
                null,
                Map.of("authorization", "Bearer " + TOKEN, "content-type", "application/json"),
                Base64.getEncoder().encodeToString("{\"title\":\"Relayed\"}".getBytes(StandardCharsets.UTF_8)),
                "phone-1");
        byte[] command =
                JSON.toBytes(new DeviceCommand("cmd-relay-1", DeviceCommand.HTTP, JSON.convert(call, Map.class)));

        MqttMessage first = send(command, replies);
        HttpAnswer answer = answer(first);
        assertEquals(201, answer.status(), "created, as on the LAN");
        JsonNode body = JSON.readTree(Base64.getDecoder().decode(answer.body()));
        assertEquals("Relayed", body.path("data").path("title").asText(), body.toString());

        MqttMessage second = send(command, replies);
        assertArrayEquals(first.getPayload(), second.getPayload(), "the same reply, from the ledger");

        RawHttp.Response list = new Requests(agent.httpPort())
                .send("127.0.0.1", "GET", "/api/playlists", Map.of("Authorization", "Bearer " + TOKEN), null, null);
        long relayed = 0;
        for (JsonNode p : JSON.readTree(list.body().getBytes(StandardCharsets.UTF_8))
                .path("data")
                .path("playlists")) {
            relayed += p.path("title").asText().equals("Relayed") ? 1 : 0;
        }
        assertEquals(1, relayed, "applied once: " + list.body());
    }

    private MqttMessage send(byte[] command, BlockingQueue<MqttMessage> replies) throws Exception {
        MqttMessage message = new MqttMessage(command);
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(Topics.relayReplies(DEVICE, "relay-x"));
        properties.setCorrelationData(Topics.correlationData("cmd-relay-1"));
        properties.setMessageExpiryInterval((long) DeviceCommand.RELAY_EXPIRY_SECONDS);
        message.setProperties(properties);
        relay.publish(Topics.commands(DEVICE), message);
        MqttMessage reply = replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply, "a reply on commands/replies/relay-x");
        assertArrayEquals(
                Topics.correlationData("cmd-relay-1"),
                reply.getProperties().getCorrelationData(),
                "correlation echoed");
        return reply;
    }

    private static HttpAnswer answer(MqttMessage reply) {
        CommandReply r = JSON.read(reply.getPayload(), CommandReply.class);
        assertTrue(r.success(), new String(reply.getPayload(), StandardCharsets.UTF_8));
        assertEquals("cmd-relay-1", r.commandId());
        return JSON.convert(r.data(), HttpAnswer.class);
    }
}
