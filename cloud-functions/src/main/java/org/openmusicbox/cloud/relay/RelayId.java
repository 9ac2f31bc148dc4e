package org.openmusicbox.cloud.relay;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * This relay instance's id, drawn at each start: one topic level ({@code commands/replies/{relay_id}},
 * {@code remote/viewers/{relay_id}}), so answers reach the instance whose phone asked and each instance keeps its
 * own viewer count. Never reused, so nothing an earlier instance left on the broker is taken for ours.
 */
public record RelayId(String value) {

    public RelayId {
        if (!Topics.isRelayId(value)) {
            throw new IllegalArgumentException("relay id must be 1-64 characters of [A-Za-z0-9_-], was " + value);
        }
    }

    public static RelayId random() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        return new RelayId("relay-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
