package org.openmusicbox.cloud.mqtt;

import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import reactor.core.publisher.Mono;

/**
 * {@link DeviceLink} over the instance's MQTT connection: QoS 1 JSON on {@code omb/v1/devices/{id}/{kind}},
 * complete when the broker acknowledged it. A {@link DeviceCommand} goes out with its MQTT 5 response topic
 * ({@code commands/replies}) and its {@code command_id} as correlation data.
 */
public final class MqttDeviceLink implements DeviceLink {

    private final MqttConnection connection;
    private final JsonCodec codec;

    public MqttDeviceLink(MqttConnection connection, JsonCodec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    @Override
    public Mono<Void> publish(String deviceId, String topicKind, Object message) {
        return Mono.defer(() -> {
            Topics.Address address = Topics.parse(Topics.prefix(deviceId) + topicKind);
            TopicKind kind = address.kind();
            if (kind.fromDevice()) {
                return Mono.error(new IllegalArgumentException(topicKind + " is a topic devices publish on"));
            }
            if (!kind.payload().isInstance(message)) {
                return Mono.error(new IllegalArgumentException(
                        topicKind + " carries " + kind.payload().getSimpleName() + ", not " + typeOf(message)));
            }
            byte[] payload = codec.toBytes(message);
            if (message instanceof DeviceCommand command) {
                return connection.publish(
                        address.topic(),
                        payload,
                        Topics.commandReplies(deviceId),
                        Topics.correlationData(command.commandId()));
            }
            return connection.publish(address.topic(), payload);
        });
    }

    private static String typeOf(Object message) {
        return message == null ? "null" : message.getClass().getSimpleName();
    }
}
