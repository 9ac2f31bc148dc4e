package org.openmusicbox.cloud.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.MessageRejected;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A box's {@code sync/changes} message as an IoT rule hands it to a Lambda function, bytes as published: read change
 * by change as the MQTT binding reads it ({@link SyncChanges#readEach}), so one unusable change is answered
 * {@code rejected} by its id, then applied and answered on {@code sync/acks} by {@link ApplySyncChanges}. A message
 * whose frame cannot be read is answered with {@link MessageRejected} on the {@code errors} of the box it names; one
 * naming no valid box fails (the rule lets none through). The result, which the rule drops, is the number of changes
 * answered.
 */
public final class AnswerSyncChanges implements Function<byte[], Mono<Integer>> {

    private static final Logger log = LoggerFactory.getLogger(AnswerSyncChanges.class);

    private final ApplySyncChanges changes;
    private final DeviceLink devices;
    private final JsonCodec codec;

    public AnswerSyncChanges(ApplySyncChanges changes, DeviceLink devices, JsonCodec codec) {
        this.changes = Objects.requireNonNull(changes, "changes");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public Mono<Integer> apply(byte[] message) {
        return Mono.defer(() -> {
            SyncChanges.Each batch;
            try {
                batch = SyncChanges.readEach(codec, message);
            } catch (JsonCodec.JsonFormatException | IllegalArgumentException unreadable) {
                return reject(message, unreadable.getMessage());
            }
            return changes.answer(batch).thenReturn(batch.items().size());
        });
    }

    private Mono<Integer> reject(byte[] message, String reason) {
        String deviceId = deviceIdIn(message);
        if (deviceId == null) {
            return Mono.error(
                    new IllegalArgumentException("a sync/changes message naming no valid device_id: " + reason));
        }
        String topic = Topics.syncChanges(deviceId);
        log.info("Rejected a message on {}: {}", topic, reason);
        MessageRejected rejected = new MessageRejected(topic, reason == null || reason.isBlank() ? "invalid" : reason);
        return devices.publish(deviceId, TopicKind.ERRORS.suffix(), rejected).thenReturn(0);
    }

    private String deviceIdIn(byte[] message) {
        try {
            JsonNode device = codec.readTree(message).get("device_id");
            String id = device != null && device.isTextual() ? device.textValue() : null;
            return id != null && Topics.isDeviceId(id) ? id : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
