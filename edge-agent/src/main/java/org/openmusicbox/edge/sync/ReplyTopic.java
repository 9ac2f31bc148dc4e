package org.openmusicbox.edge.sync;

import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * Where a command's answer may go. A response topic is the sender's to choose, but the box publishes only on its own
 * reply topics: anything else (another box's, a topic the ACL would refuse) is no answer address at all.
 */
public final class ReplyTopic {

    private ReplyTopic() {}

    /**
     * {@code responseTopic} when it is this device's {@code commands/replies/{relay_id}} (or, when
     * {@code fixedToo}, its plain {@code commands/replies}); null otherwise.
     */
    public static String of(String deviceId, String responseTopic, boolean fixedToo) {
        if (responseTopic == null) {
            return null;
        }
        Topics.Address address;
        try {
            address = Topics.parse(responseTopic);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!address.deviceId().equals(deviceId)) {
            return null;
        }
        boolean relay = address.kind() == TopicKind.RELAY_REPLIES;
        boolean fixed = fixedToo && address.kind() == TopicKind.COMMAND_REPLIES;
        return relay || fixed ? responseTopic : null;
    }
}
