package org.openmusicbox.edge.sync;

import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.sync.paho.PahoCloudLink;

/** Picks the cloud link the settings ask for: none without {@code omb.cloud.url}, else MQTT over Paho. */
public final class CloudLinks {

    private CloudLinks() {}

    /** Not started yet: the caller starts it once the box is up. */
    public static CloudLink open(CloudSettings config, String agentVersion, Arrivals arrivals) {
        return config.enabled() ? new PahoCloudLink(config, agentVersion, arrivals) : new NoCloud();
    }
}
