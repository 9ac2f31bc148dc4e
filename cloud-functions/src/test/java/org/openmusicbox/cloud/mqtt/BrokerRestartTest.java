package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openmusicbox.cloud.mqtt.AclClient.GRANTED_QOS_1;
import static org.openmusicbox.cloud.mqtt.AclClient.NO_MATCHING_SUBSCRIBERS;
import static org.openmusicbox.cloud.mqtt.AclClient.SUCCESS;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.mqtt.AclClient.Received;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/** The shipped configuration keeps sessions and retained presences across a broker restart. */
class BrokerRestartTest {

    private static final String BOX = "box-restart";
    private static final String BOX_PASSWORD = "secret-box";
    private static final String CLOUD_PASSWORD = "secret-cloud";

    @TempDir
    Path dir;

    @Test
    void aQueuedCommandAndARetainedPresenceSurviveARestart() throws Exception {
        AclBroker.requireMosquitto();
        try (AclBroker broker =
                AclBroker.start(dir, List.of(BOX, BOX_PASSWORD), List.of("omb-cloud", CLOUD_PASSWORD))) {
            try (AclClient box = AclClient.connect(broker.deviceUrl(), BOX, BOX_PASSWORD, BOX, false)) {
                assertThat(box.subscribe(Topics.deviceSubscriptions(BOX))).containsOnly(GRANTED_QOS_1);
                assertThat(box.publish(Topics.presence(BOX), "online", true)).isIn(SUCCESS, NO_MATCHING_SUBSCRIBERS);
            }
            try (AclClient cloud = AclClient.connect(broker.cloudUrl(), "omb-cloud", CLOUD_PASSWORD, "cloud-1")) {
                assertThat(cloud.publish(Topics.commands(BOX), "queued before the restart"))
                        .isEqualTo(SUCCESS);
            }

            broker.restart();

            try (AclClient box = AclClient.connect(broker.deviceUrl(), BOX, BOX_PASSWORD, BOX, false)) {
                assertThat(box.sessionPresent()).isTrue();
                assertThat(box.next()).isEqualTo(new Received(Topics.commands(BOX), "queued before the restart"));
            }
            try (AclClient dashboard = AclClient.connect(broker.cloudUrl(), "omb-cloud", CLOUD_PASSWORD, "dashboard")) {
                dashboard.subscribe(List.of(Topics.presence(BOX)));
                assertThat(dashboard.next()).isEqualTo(new Received(Topics.presence(BOX), "online"));
            }
        }
    }
}
