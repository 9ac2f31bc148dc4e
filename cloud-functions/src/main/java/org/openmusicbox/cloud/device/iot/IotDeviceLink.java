package org.openmusicbox.cloud.device.iot;

import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.device.Outgoing;
import org.openmusicbox.protocol.json.JsonCodec;
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
            Outgoing out = Outgoing.of(deviceId, topicKind, message, codec);
            return dataPlane.publish(out.topic(), out.payload(), out.responseTopic(), out.correlationData());
        });
    }
}
