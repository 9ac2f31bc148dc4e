package org.openmusicbox.cloud.relay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.relay.*}, read in profile {@code relay} only. The broker connection is {@code omb.mqtt.*} (url, user,
 * password); the client id is always {@code omb-relay-<relay_id>}.
 *
 * @param replyTimeout     how long a phone's request waits for the box's answer (a little over the command's
 *                         10 s message expiry, so an answer to a delivered command still arrives)
 * @param pairingPerMinute pairing attempts ({@code POST /boxes/{id}/api/remote/pair}) per address and minute
 */
@ConfigurationProperties("omb.relay")
public record RelayProperties(Duration replyTimeout, int pairingPerMinute) {

    public RelayProperties {
        replyTimeout = replyTimeout == null ? Duration.ofSeconds(12) : replyTimeout;
        pairingPerMinute = pairingPerMinute <= 0 ? 5 : pairingPerMinute;
        if (replyTimeout.isNegative() || replyTimeout.isZero() || replyTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("omb.relay.reply-timeout must be above 0 and at most 1 minute");
        }
    }
}
