package org.openmusicbox.protocol.v1.mqtt;

/**
 * {@code errors}, cloud to device: a message the device published on {@code topic} could not be read (malformed
 * JSON, a field that is missing or invalid, a {@code device_id} that is not the topic's) and was dropped.
 * {@code reason} is meant for logs, not for parsing. Resending the same bytes gets the same answer.
 */
public record MessageRejected(String topic, String reason) {

    public MessageRejected {
        Check.present(topic, "topic");
        Check.present(reason, "reason");
    }
}
