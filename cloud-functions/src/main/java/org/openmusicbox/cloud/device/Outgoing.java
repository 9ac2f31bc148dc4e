package org.openmusicbox.cloud.device;

import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * One message for one device as every {@link DeviceLink} sends it: its topic, its JSON, and for a command the
 * topic the box answers on with the command id as correlation data. One place for the checks, so the MQTT link and
 * the IoT data plane link refuse the same things.
 *
 * @param responseTopic null unless the message is a command
 * @param correlationData null unless the message is a command
 */
public record Outgoing(String topic, byte[] payload, String responseTopic, byte[] correlationData) {

    /** @throws IllegalArgumentException for a device-to-cloud topic or a payload that is not the topic's */
    public static Outgoing of(String deviceId, String topicKind, Object message, JsonCodec codec) {
        Topics.Address address = Topics.parse(Topics.prefix(deviceId) + topicKind);
        TopicKind kind = address.kind();
        if (kind.fromDevice()) {
            throw new IllegalArgumentException(topicKind + " is a topic devices publish on");
        }
        if (!kind.payload().isInstance(message)) {
            throw new IllegalArgumentException(
                    topicKind + " carries " + kind.payload().getSimpleName() + ", not "
                            + (message == null ? "null" : message.getClass().getSimpleName()));
        }
        byte[] payload = codec.toBytes(message);
        if (message instanceof DeviceCommand command) {
            return new Outgoing(
                    address.topic(),
                    payload,
                    Topics.commandReplies(deviceId),
                    Topics.correlationData(command.commandId()));
        }
        return new Outgoing(address.topic(), payload, null, null);
    }
}
