package org.openmusicbox.edge.youtube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.YoutubeProgress;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.YoutubeDone;
import org.openmusicbox.protocol.v1.mqtt.YoutubeFailed;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;

/**
 * The cloud's YouTube side for one box, as small as a test needs: it keeps every {@code youtube/requests} message as
 * it arrived (read by the protocol's codec, so an invalid request fails the read and is kept as its error) and
 * publishes the progress, completions and failures a test hands it, in that order, on one connection.
 */
public final class StandInCloud implements AutoCloseable {

    private static final JsonCodec JSON = new JsonCodec();

    private final MqttAsyncClient client;
    private final String deviceId;
    private final List<Object> requests = new ArrayList<>();

    private StandInCloud(MqttAsyncClient client, String deviceId) {
        this.client = client;
        this.deviceId = deviceId;
    }

    public static StandInCloud of(String url, String deviceId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(
                url, "stand-in-cloud-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        StandInCloud cloud = new StandInCloud(client, deviceId);
        client.setCallback(cloud.new Callback());
        client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        client.subscribe(Topics.youtubeRequests(deviceId), 1).waitForCompletion(10_000);
        return cloud;
    }

    public void progress(YoutubeProgress progress) throws MqttException {
        publish(Topics.youtubeProgress(deviceId), JSON.toBytes(progress));
    }

    public void complete(YoutubeDone done) throws MqttException {
        publish(Topics.youtubeComplete(deviceId), JSON.toBytes(done));
    }

    public void error(YoutubeFailed failed) throws MqttException {
        publish(Topics.youtubeError(deviceId), JSON.toBytes(failed));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false).waitForCompletion(10_000);
    }

    /** Each request as read: a {@link YoutubeRequest}, or the codec's error for one that was not valid. */
    public List<Object> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until the requests so far satisfy {@code done}; fails after {@code deadline}, naming {@code what}. */
    public List<Object> await(Predicate<List<Object>> done, Duration deadline, String what)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (requests) {
            while (!done.test(requests)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "the stand-in cloud saw no " + what + " within " + deadline + "; requests: " + requests);
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Object read;
            try {
                read = JSON.read(message.getPayload(), YoutubeRequest.class);
            } catch (JsonCodec.JsonFormatException e) {
                read = e;
            }
            synchronized (requests) {
                requests.add(read);
                requests.notifyAll();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
