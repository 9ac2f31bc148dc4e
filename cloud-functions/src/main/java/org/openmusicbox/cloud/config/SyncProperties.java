package org.openmusicbox.cloud.config;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.sync.*}: how this instance takes part in sync (docs/sync.md).
 *
 * @param instance     names this instance in the stamps of edits made through the cloud, {@code cloud-<instance>};
 *                     two instances must never share one, or they could issue the same stamp. Empty: a random id
 *                     per start, which is safe because each edit is stamped above everything stored anyway
 * @param maxClockSkew a received stamp further ahead of this instance's wall clock is rejected
 * @param syncNowWindow how long the first change logged for a box waits for others before one {@code sync_now}
 *                      tells the box of them all (default 250 ms)
 */
@ConfigurationProperties("omb.sync")
public record SyncProperties(String instance, Duration maxClockSkew, Duration syncNowWindow) {

    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_-]{1,58}");

    public SyncProperties {
        if (instance == null || instance.isBlank()) {
            byte[] random = new byte[4];
            ThreadLocalRandom.current().nextBytes(random);
            instance = HexFormat.of().formatHex(random);
        }
        if (!INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException(
                    "omb.sync.instance must be 1-58 characters of [A-Za-z0-9_-], was \"" + instance + "\"");
        }
        maxClockSkew = maxClockSkew == null ? Duration.ofDays(365) : maxClockSkew;
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("omb.sync.max-clock-skew must not be negative: " + maxClockSkew);
        }
        syncNowWindow = syncNowWindow == null ? Duration.ofMillis(250) : syncNowWindow;
        if (syncNowWindow.isNegative() || syncNowWindow.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("omb.sync.sync-now-window must be 0 to 1 minute: " + syncNowWindow);
        }
    }
}
