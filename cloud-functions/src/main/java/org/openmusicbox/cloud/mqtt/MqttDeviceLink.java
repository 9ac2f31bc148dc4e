package org.openmusicbox.cloud.mqtt;

import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.device.Outgoing;
import org.openmusicbox.protocol.json.JsonCodec;
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
            Outgoing out = Outgoing.of(deviceId, topicKind, message, codec);
            return out.responseTopic() == null
                    ? connection.publish(out.topic(), out.payload())
                    : connection.publish(out.topic(), out.payload(), out.responseTopic(), out.correlationData());
        });
    }
}
