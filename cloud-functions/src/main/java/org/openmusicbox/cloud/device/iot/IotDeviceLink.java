package org.openmusicbox.cloud.device.iot;

import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import reactor.core.publisher.Mono;

/**
 * {@link DeviceLink} through IoT Core's data plane, for a function on AWS Lambda, where no MQTT client runs: the
 * same QoS 1 JSON on {@code omb/v1/devices/{id}/{kind}} as the MQTT binding's {@code MqttDeviceLink}, and like it a
 * {@link DeviceCommand} carries the MQTT 5 response topic {@code commands/replies} and its {@code command_id} as
 * correlation data. Complete once IoT Core accepted the message (its HTTP answer, the PUBACK's counterpart).
 */
public final class IotDeviceLink implements DeviceLink {

    private final DataPlane dataPlane;
    private final JsonCodec codec;

    public IotDeviceLink(DataPlane dataPlane, JsonCodec codec) {
        this.dataPlane = dataPlane;
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
                return Mono.error(new IllegalArgumentException(topicKind + " carries "
                        + kind.payload().getSimpleName() + ", not "
                        + (message == null ? "null" : message.getClass().getSimpleName())));
            }
            byte[] payload = codec.toBytes(message);
            if (message instanceof DeviceCommand command) {
                return dataPlane.publish(
                        address.topic(),
                        payload,
                        Topics.commandReplies(deviceId),
                        Topics.correlationData(command.commandId()));
            }
            return dataPlane.publish(address.topic(), payload, null, null);
        });
    }
}
