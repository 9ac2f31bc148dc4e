package org.openmusicbox.cloud.relay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;
import org.openmusicbox.protocol.v1.mqtt.HttpCall;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.SocketAnswer;
import org.openmusicbox.protocol.v1.mqtt.SocketCall;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A box as the relay sees it, for tests only: a Paho client logged in as the device user, with its presence and
 * phone list retained. It answers {@code http} with the call it got (path, phone, the reply topic it answers on) and
 * {@code socket} with an {@code ack:join} for the {@code playlists} room; it records every command and viewer count.
 */
final class FakeBox implements AutoCloseable {

    private final String deviceId;
    private final MqttAsyncClient client;
    private final JsonCodec codec = new JsonCodec();
    final List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
    final List<String> viewerCounts = new CopyOnWriteArrayList<>();

    private FakeBox(String deviceId, MqttAsyncClient client) {
        this.deviceId = deviceId;
        this.client = client;
    }

    static FakeBox connect(String url, String deviceId, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, deviceId, new MemoryPersistence());
        FakeBox box = new FakeBox(deviceId, client);
        client.setCallback(box.new Answering());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(deviceId);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        MqttSubscription[] subscriptions = Topics.deviceSubscriptions(deviceId).stream()
                .map(filter -> new MqttSubscription(filter, 1))
                .toArray(MqttSubscription[]::new);
        client.subscribe(subscriptions).waitForCompletion(10_000);
        return box;
    }

    void online() throws MqttException {
        retain(
                Topics.presence(deviceId),
                Presence.online(deviceId, Instant.now().toString(), "test"));
    }

    void offline() throws MqttException {
        retain(
                Topics.presence(deviceId),
                Presence.offline(deviceId, Instant.now().toString(), "test"));
    }

    void phones(RemotePhones list) throws MqttException {
        retain(Topics.remotePhones(deviceId), list);
    }

    void mirror(RemoteState state) throws MqttException {
        client.publish(
                        Topics.remoteState(deviceId),
                        new MqttMessage(codec.toBytes(state), 0, false, new MqttProperties()))
                .waitForCompletion(10_000);
    }

    /** Clears what this box left retained, so nothing outlives the test on the broker. */
    void clear() throws MqttException {
        for (String topic : List.of(Topics.presence(deviceId), Topics.remotePhones(deviceId))) {
            client.publish(topic, new MqttMessage(new byte[0], 1, true, new MqttProperties()))
                    .waitForCompletion(10_000);
        }
    }

    private void retain(String topic, Object payload) throws MqttException {
        IMqttToken token =
                client.publish(topic, new MqttMessage(codec.toBytes(payload), 1, true, new MqttProperties()));
        token.waitForCompletion(10_000);
    }

    private void answer(MqttMessage message) throws MqttException {
        DeviceCommand command = codec.read(message.getPayload(), DeviceCommand.class);
        commands.add(command);
        String replyTopic = message.getProperties().getResponseTopic();
        Object data;
        if (command.name().equals(DeviceCommand.HTTP)) {
            HttpCall call = codec.convert(command.args(), HttpCall.class);
            byte[] body =
                    codec.toBytes(Map.of("path", call.path(), "phone_id", call.phoneId(), "reply_topic", replyTopic));
            data = new HttpAnswer(200, "application/json", Base64.getEncoder().encodeToString(body));
        } else {
            SocketCall call = codec.convert(command.args(), SocketCall.class);
            data = new SocketAnswer(
                    List.of(new SocketAnswer.Emitted(
                            "ack:join", codec.toTree(Map.of("room", "playlists", "event", call.event())))),
                    List.of("playlists"));
        }
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(message.getProperties().getCorrelationData());
        client.publish(
                replyTopic,
                new MqttMessage(codec.toBytes(CommandReply.ok(command.commandId(), data)), 1, false, properties));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(10_000);
        }
        client.close(true);
    }

    private final class Answering implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            if (topic.equals(Topics.commands(deviceId))) {
                answer(message);
            } else if (topic.startsWith(Topics.prefix(deviceId) + "remote/viewers/")) {
                viewerCounts.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
