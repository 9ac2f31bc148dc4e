package org.openmusicbox.edge.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A whole box with parent access on and a cloud link to a Mosquitto of the test's own (the shipped ACL), and a relay
 * ({@code omb-cloud}, relay id {@code relay-t}) that sends it commands and waits for each reply by its correlation
 * data. Also the box's LAN side: its HTTP port, and phones paired on it as a parent would pair them.
 */
public final class RelayedBox implements AutoCloseable {

    public static final String TOKEN = "parent-token-relayed";
    public static final String DEVICE = "box-relayed";
    private static final String RELAY = "relay-t";
    private static final long WAIT_SECONDS = 20;
    private static final JsonCodec JSON = new JsonCodec();

    /** A phone paired on the box: its id and the credential it shows. */
    public record Phone(String id, String credential) {}

    /** An answer of the box's own port. */
    public record Lan(int status, String contentType, byte[] body) {}

    private final TestBroker broker;
    private final MqttClient relay;
    private final Map<String, BlockingQueue<CommandReply>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    public final EdgeAgent agent;
    private String parent;

    /** @param extra more of the box's properties */
    public RelayedBox(Path dir, Map<String, String> extra) throws Exception {
        broker = TestBroker.withShippedAcl(
                dir.resolve("broker"), Map.of(DEVICE, "box-secret", "omb-cloud", "cloud-secret"));
        BlockingQueue<MqttMessage> phones = new LinkedBlockingQueue<>();
        relay = new MqttClient(broker.url(), RELAY, null);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("omb-cloud");
        options.setPassword("cloud-secret".getBytes(StandardCharsets.UTF_8));
        relay.connect(options);
        // A reply is matched by its correlation data, as a relay matches it: one without it, or whose command id
        // is not the one it echoes, reaches nobody and the command's wait fails.
        IMqttMessageListener replies = (topic, message) -> {
            CommandReply reply = JSON.read(message.getPayload(), CommandReply.class);
            byte[] correlation = message.getProperties() == null
                    ? null
                    : message.getProperties().getCorrelationData();
            if (correlation == null || !Topics.commandIdOf(correlation).equals(reply.commandId())) {
                return;
            }
            BlockingQueue<CommandReply> queue = waiting.get(reply.commandId());
            if (queue != null) {
                queue.add(reply);
            }
        };
        relay.subscribe(
                new MqttSubscription[] {
                    new MqttSubscription(Topics.remotePhones(DEVICE), 1),
                    new MqttSubscription(Topics.relayReplies(DEVICE, RELAY), 1)
                },
                new IMqttMessageListener[] {(topic, message) -> phones.add(message), replies});
        Map<String, String> props = new HashMap<>(Map.of(
                "omb.auth.token", TOKEN,
                "omb.data-dir", dir.resolve("data").toString(),
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
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
        // The box publishes its phone list once connected and subscribed: commands reach it from then on.
        assertNotNull(phones.poll(WAIT_SECONDS, TimeUnit.SECONDS), "the box's phone list, once connected");
    }

    /** The command, sent as a relay sends it, and the box's reply to it. */
    public CommandReply command(String name, Map<String, Object> args) throws Exception {
        return command("cmd-" + ids.incrementAndGet(), name, args);
    }

    /** As {@link #command(String, Map)} with a command id of the caller's: the same id again is a redelivery. */
    public CommandReply command(String id, String name, Map<String, Object> args) throws Exception {
        BlockingQueue<CommandReply> queue = new LinkedBlockingQueue<>();
        waiting.put(id, queue);
        try {
            MqttMessage message = new MqttMessage(JSON.toBytes(new DeviceCommand(id, name, args)));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(Topics.relayReplies(DEVICE, RELAY));
            properties.setCorrelationData(Topics.correlationData(id));
            properties.setMessageExpiryInterval((long) DeviceCommand.RELAY_EXPIRY_SECONDS);
            message.setProperties(properties);
            relay.publish(Topics.commands(DEVICE), message);
            CommandReply reply = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(reply, "a reply to " + name + " " + args);
            return reply;
        } finally {
            waiting.remove(id);
        }
    }

    /** A request of the box's own port, with {@code credential} as its bearer when not null. */
    public Lan lan(String method, String path, String credential, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path));
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Lan(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    /** The {@code data} of a LAN answer, which must be {@code status}. */
    public JsonNode data(Lan answer, int status) {
        assertEquals(status, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        return JSON.readTree(answer.body()).path("data");
    }

    /** The parent's session, from a login with the parent code. */
    public String parent() throws Exception {
        if (parent == null) {
            parent = data(lan("POST", "/api/access/login", null, "{\"parent_code\":\"" + TOKEN + "\"}"), 200)
                    .path("token")
                    .asText();
        }
        return parent;
    }

    /** A phone paired as the page pairs one: remote access on, a code opened, the code sent back. */
    public Phone pair(String name) throws Exception {
        data(lan("PUT", "/api/remote", parent(), "{\"enabled\":true}"), 200);
        String code = data(lan("POST", "/api/remote/pairing", parent(), "{}"), 201)
                .path("code")
                .asText();
        JsonNode paired = data(
                lan(
                        "POST",
                        "/api/remote/pair",
                        null,
                        "{\"code\":" + JSON.toJson(code) + ",\"phone_name\":" + JSON.toJson(name) + "}"),
                201);
        return new Phone(
                paired.path("phone_id").asText(), paired.path("credential").asText());
    }

    @Override
    public void close() throws Exception {
        try {
            if (relay.isConnected()) {
                relay.disconnect();
            }
            relay.close();
        } finally {
            try {
                agent.close();
            } finally {
                broker.close();
            }
        }
    }
}
