package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;

/** {@link MqttDeviceLink} against the machine's Mosquitto: what a device receives, and what is refused. */
class MqttDeviceLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private MqttConnection connection;
    private MqttDeviceLink link;
    private TestDevice device;

    @BeforeAll
    static void broker() {
        TestBroker.require();
    }

    @BeforeEach
    void connect() {
        MqttProperties properties = new MqttProperties(
                TestBroker.URL,
                null,
                null,
                null,
                true,
                TestBroker.unique("link"),
                Duration.ofSeconds(30),
                4,
                Duration.ofSeconds(5),
                null,
                null,
                null);
        connection = new MqttConnection(properties);
        connection.connect(
                new MqttConnection.Inbound() {
                    @Override
                    public void arrived(String topic, MqttMessage message) {}

                    @Override
                    public void connected(boolean reconnect) {}
                },
                10_000);
        link = new MqttDeviceLink(connection, new JsonCodec());
        device = new TestDevice(TestBroker.unique("box"));
    }

    @AfterEach
    void close() {
        device.close();
        connection.disconnect(false);
    }

    @Test
    void aResultReachesTheDeviceOnItsTopicWithQos1() {
        UploadResult result = UploadResult.error("r1", "p1", UploadResult.UNSUPPORTED_MEDIA, "not a song");

        link.publish(device.deviceId(), "uploads/results", result).block(WAIT);

        MqttMessage message = device.nextMessage(TopicKind.UPLOADS_RESULTS, WAIT);
        assertThat(message.getQos()).isEqualTo(1);
        assertThat(new JsonCodec().read(message.getPayload(), UploadResult.class))
                .isEqualTo(result);
    }

    @Test
    void aCommandCarriesItsResponseTopicAndCorrelationData() {
        DeviceCommand command = new DeviceCommand("cmd-1", "set_volume", Map.of("volume", 40));

        link.publish(device.deviceId(), "commands", command).block(WAIT);

        MqttMessage message = device.nextMessage(TopicKind.COMMANDS, WAIT);
        assertThat(message.getProperties().getResponseTopic()).isEqualTo(Topics.commandReplies(device.deviceId()));
        assertThat(new String(message.getProperties().getCorrelationData(), StandardCharsets.UTF_8))
                .isEqualTo("cmd-1");
        assertThat(new JsonCodec()
                        .read(message.getPayload(), DeviceCommand.class)
                        .name())
                .isEqualTo("set_volume");
    }

    @Test
    void refusesADeviceTopicTheWrongRecordOrAnUnknownKind() {
        MessageRejected rejected = new MessageRejected("t", "r");

        assertThatThrownBy(() -> link.publish(device.deviceId(), "library/changes", rejected)
                        .block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("devices publish on");
        assertThatThrownBy(() -> link.publish(device.deviceId(), "uploads/results", rejected)
                        .block(WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries UploadResult");
        assertThatThrownBy(() -> link.publish(device.deviceId(), "somewhere/else", rejected)
                        .block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> link.publish("bad/id", "errors", rejected).block(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(device.nextJson(TopicKind.ERRORS, Duration.ofMillis(300))).isNull();
    }
}
