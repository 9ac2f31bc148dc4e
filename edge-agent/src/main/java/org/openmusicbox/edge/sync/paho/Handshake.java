package org.openmusicbox.edge.sync.paho;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connect of the box to the broker: the options (a persistent session, the will of this connect), then
 * {@code online}, retained, then the subscriptions; each step with a deadline. Fresh options for every connect,
 * since the will carries the time of its connect.
 */
final class Handshake {

    private static final Logger log = LoggerFactory.getLogger(PahoCloudLink.class);
    private static final int CONNECT_TIMEOUT_S = 10;

    private Handshake() {}

    static void run(
            MqttAsyncClient client,
            CloudSettings config,
            SocketFactory sockets,
            String presenceTopic,
            String agentVersion,
            Instant at,
            JsonCodec codec,
            long waitMs)
            throws MqttException {
        String time = at.toString();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiryS());
        options.setKeepAliveInterval(config.keepAliveS());
        options.setConnectionTimeout(CONNECT_TIMEOUT_S);
        options.setAutomaticReconnect(false);
        if (!config.username().isEmpty()) {
            options.setUserName(config.username());
        }
        String secret = config.secret();
        if (!secret.isEmpty()) {
            options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        }
        options.setSocketFactory(sockets);
        options.setHttpsHostnameVerificationEnabled(true);
        options.setWill(presenceTopic, retained(codec, Presence.offline(config.deviceId(), time, null)));
        client.connect(options).waitForCompletion(waitMs);
        client.publish(presenceTopic, retained(codec, Presence.online(config.deviceId(), time, agentVersion)))
                .waitForCompletion(waitMs);
        List<String> topics = Topics.deviceSubscriptions(config.deviceId());
        MqttSubscription[] subscriptions = topics.stream()
                .map(topic -> new MqttSubscription(topic, Topics.QOS))
                .toArray(MqttSubscription[]::new);
        IMqttToken subscribed = client.subscribe(subscriptions);
        subscribed.waitForCompletion(waitMs);
        int[] granted = subscribed.getReasonCodes();
        for (int i = 0; granted != null && i < granted.length && i < topics.size(); i++) {
            if (granted[i] > 2) {
                // Connected all the same: presence works, and the next connect asks again.
                log.warn(
                        "Cloud link: the broker refused the subscription {} (reason code {})",
                        topics.get(i),
                        granted[i]);
            }
        }
    }

    /**
     * {@code offline}, retained, then DISCONNECT, which tells the broker not to send the will; false when the broker
     * could not be told (it then publishes the will).
     */
    static boolean goodbye(
            MqttAsyncClient client,
            JsonCodec codec,
            String presenceTopic,
            String deviceId,
            Instant now,
            long waitMs,
            String address) {
        try {
            if (client.isConnected()) {
                String at =
                        now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                client.publish(presenceTopic, retained(codec, Presence.offline(deviceId, at, null)))
                        .waitForCompletion(waitMs);
                client.disconnect(waitMs).waitForCompletion(waitMs);
            }
            return true;
        } catch (MqttException e) {
            log.warn(
                    "Cloud link: could not say goodbye to the broker ({}); it will publish the will",
                    Reasons.of(e, address));
            return false;
        }
    }

    static MqttMessage retained(JsonCodec codec, Presence presence) {
        return new MqttMessage(codec.toBytes(presence), Topics.QOS, true, new MqttProperties());
    }
}
