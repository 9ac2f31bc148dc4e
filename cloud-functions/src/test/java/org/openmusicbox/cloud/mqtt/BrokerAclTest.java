package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openmusicbox.cloud.mqtt.AclClient.GRANTED_QOS_1;
import static org.openmusicbox.cloud.mqtt.AclClient.NOT_AUTHORIZED;
import static org.openmusicbox.cloud.mqtt.AclClient.NO_MATCHING_SUBSCRIBERS;
import static org.openmusicbox.cloud.mqtt.AclClient.SUCCESS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.mqtt.AclClient.Received;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The shipped broker configuration (infra/mosquitto) against a real Mosquitto: a box reaches only its own topics,
 * whatever user name, client id or topic it tries.
 *
 * <p>Where Mosquitto refuses a QoS 1 publish it answers PUBACK 0x87. Where it drops a message silently (a reader
 * without the right), the test sends an allowed marker over the same connection afterwards: Mosquitto queues a
 * message to each subscriber while it handles the PUBLISH, before it acknowledges it, and sends one client's
 * messages in order, so a forbidden message that got through would arrive before the marker.
 */
class BrokerAclTest {

    private static final String A = "box-a";
    private static final String B = "box-b";
    private static final String CLOUD = "omb-cloud";
    private static final String A_PASSWORD = "secret-a";
    private static final String B_PASSWORD = "secret-b";
    private static final String CLOUD_PASSWORD = "secret-cloud";
    /** A PUBACK that accepts: with or without subscribers. */
    private static final Integer[] ACCEPTED = {SUCCESS, NO_MATCHING_SUBSCRIBERS};
    /** Names add-device.sh refuses, put straight into the password file as a careless admin could. */
    private static final List<String> DANGEROUS_USERS = List.of("+", "box-a/library");
    /** Mosquitto reads a password-file line starting with '#' as a comment, so this user can never log in. */
    private static final String COMMENT_USER = "#";

    @TempDir
    static Path dir;

    private static AclBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        AclBroker.requireMosquitto();
        List<String> devices = new ArrayList<>(List.of(A, A_PASSWORD, B, B_PASSWORD));
        for (String user : DANGEROUS_USERS) {
            devices.addAll(List.of(user, "secret"));
        }
        devices.addAll(List.of(COMMENT_USER, "secret"));
        broker = AclBroker.start(dir, devices, List.of(CLOUD, CLOUD_PASSWORD));
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    /** Retained presences would reach the next test's subscribers (Mosquitto 2.0.11 sends them to shared ones too). */
    @AfterEach
    void clearRetainedPresences() throws MqttException {
        for (String box : List.of(A, B)) {
            try (AclClient client = device(box, box.equals(A) ? A_PASSWORD : B_PASSWORD, box)) {
                assertThat(client.publish(Topics.presence(box), "", true)).isIn(ACCEPTED);
            }
        }
    }

    @Test
    void aBoxPublishesItsOwnTopicsAndTheCloudReceivesThemThroughItsSharedSubscriptions() throws Exception {
        try (AclClient cloud = cloud("cloud-shared");
                AclClient a = device(A, A_PASSWORD, A)) {
            assertThat(cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP)))
                    .containsOnly(GRANTED_QOS_1)
                    .hasSize(9);

            for (TopicKind kind : TopicKind.values()) {
                if (kind.fromDevice() && !kind.forRelay()) {
                    assertThat(a.publish(full(A, kind), "own " + kind, kind == TopicKind.PRESENCE))
                            .as("PUBACK for %s", kind)
                            .isIn(ACCEPTED);
                    assertThat(cloud.next()).isEqualTo(new Received(full(A, kind), "own " + kind));
                }
            }
        }
    }

    @Test
    void aRelayInstanceGetsTheAnswersToItsCommandsAndTheMirrorAndTheBoxReadsTheViewerCounts() throws Exception {
        try (AclClient relay = cloud("relay-acl");
                AclClient a = device(A, A_PASSWORD, A)) {
            assertThat(relay.subscribe(Topics.relaySubscriptions("relay-1"))).containsOnly(GRANTED_QOS_1);
            assertThat(a.subscribe(Topics.deviceSubscriptions(A))).containsOnly(GRANTED_QOS_1);
            assertThat(a.publish(Topics.relayReplies(A, "relay-1"), "answer")).isIn(ACCEPTED);
            assertThat(relay.next()).isEqualTo(new Received(Topics.relayReplies(A, "relay-1"), "answer"));
            assertThat(a.publish(Topics.remoteState(A), "state")).isIn(ACCEPTED);
            assertThat(relay.next()).isEqualTo(new Received(Topics.remoteState(A), "state"));
            assertThat(relay.publish(Topics.remoteViewers(A, "relay-1"), "1 viewer"))
                    .isIn(ACCEPTED);
            assertThat(a.next()).isEqualTo(new Received(Topics.remoteViewers(A, "relay-1"), "1 viewer"));
            // A box cannot tell itself (or a relay) that someone watches, nor answer for another box.
            assertThat(a.publish(Topics.remoteViewers(A, "relay-1"), "forged")).isEqualTo(NOT_AUTHORIZED);
            assertThat(a.publish(Topics.relayReplies(B, "relay-1"), "forged")).isEqualTo(NOT_AUTHORIZED);
            assertThat(a.publish(Topics.remoteState(B), "forged")).isEqualTo(NOT_AUTHORIZED);
        }
    }

    @Test
    void aBoxCannotPublishOnAnotherBoxsTopicsNorOnTheCloudsTopics() throws Exception {
        try (AclClient cloud = cloud("cloud-forged");
                AclClient b = device(B, B_PASSWORD, B)) {
            cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));
            b.subscribe(Topics.deviceSubscriptions(B));
            // Two connections: Paho 1.2.5 seems to keep a slot in flight for each refused QoS 1 publish, and
            // past about 25 of them on one connection it refuses to publish at all ("Too many publishes in progress").
            try (AclClient a = device(A, A_PASSWORD, A)) {
                for (TopicKind kind : TopicKind.values()) {
                    assertThat(a.publish(full(B, kind), "forged", kind == TopicKind.PRESENCE))
                            .as("box-a publishing box-b's %s", kind)
                            .isEqualTo(NOT_AUTHORIZED);
                }
            }
            try (AclClient a = device(A, A_PASSWORD, A)) {
                for (TopicKind kind : TopicKind.values()) {
                    if (!kind.fromDevice()) {
                        assertThat(a.publish(full(A, kind), "forged"))
                                .as("box-a publishing the cloud's %s to itself", kind)
                                .isEqualTo(NOT_AUTHORIZED);
                    }
                }
            }

            assertThat(b.publish(Topics.libraryChanges(B), "marker")).isIn(ACCEPTED);
            assertThat(cloud.next()).isEqualTo(new Received(Topics.libraryChanges(B), "marker"));
            assertThat(cloud.publish(Topics.libraryAcks(B), "marker")).isIn(ACCEPTED);
            assertThat(b.next()).isEqualTo(new Received(Topics.libraryAcks(B), "marker"));
        }
    }

    @Test
    void aForgedRetainedPresenceIsNeitherStoredNorDelivered() throws Exception {
        try (AclClient a = device(A, A_PASSWORD, A);
                AclClient b = device(B, B_PASSWORD, B);
                AclClient dashboard = cloud("dashboard")) {
            assertThat(a.publish(Topics.presence(B), "forged offline", true)).isEqualTo(NOT_AUTHORIZED);

            // A retained message is sent while the broker handles the SUBSCRIBE, before the SUBACK.
            assertThat(dashboard.subscribe(List.of(Topics.presence(B)))).containsExactly(GRANTED_QOS_1);
            assertThat(b.publish(Topics.presence(B), "real online", true)).isIn(ACCEPTED);
            assertThat(dashboard.next()).isEqualTo(new Received(Topics.presence(B), "real online"));
        }
    }

    @Test
    void aBoxReadsNothingButItsOwnCloudToDeviceTopicsWhateverItSubscribesTo() throws Exception {
        try (AclClient cloud = cloud("cloud-reads");
                AclClient a = device(A, A_PASSWORD, A);
                AclClient b = device(B, B_PASSWORD, B)) {
            assertThat(b.publish(Topics.presence(B), "b retained", true)).isIn(ACCEPTED);

            List<String> wide = List.of(
                    Topics.libraryAcks(B),
                    Topics.syncAcks(B),
                    Topics.syncLog(B),
                    Topics.commands(B),
                    Topics.allDevices(TopicKind.LIBRARY_ACKS),
                    Topics.allDevices(TopicKind.SYNC_LOG),
                    Topics.allDevices(TopicKind.SYNC_CHANGES),
                    Topics.allDevices(TopicKind.SYNC_PULL),
                    Topics.allDevices(TopicKind.PRESENCE),
                    Topics.allDevices(TopicKind.LIBRARY_CHANGES),
                    "$share/thieves/" + Topics.allDevices(TopicKind.COMMANDS),
                    Topics.ROOT + B + "/#",
                    Topics.ROOT + "#",
                    "#");
            List<Integer> granted = a.subscribe(wide);
            // Mosquitto 2.0 grants every filter (its ACL does not check SUBSCRIBE) and filters at delivery instead;
            // a broker that refuses the filter is just as good.
            assertThat(granted).allMatch(code -> code == GRANTED_QOS_1 || code == NOT_AUTHORIZED);

            assertThat(cloud.publish(Topics.libraryAcks(B), "for b")).isIn(ACCEPTED);
            assertThat(cloud.publish(Topics.commands(B), "for b")).isIn(ACCEPTED);
            assertThat(cloud.publish(Topics.syncAcks(B), "for b")).isIn(ACCEPTED);
            assertThat(cloud.publish(Topics.syncLog(B), "for b")).isIn(ACCEPTED);
            assertThat(b.publish(Topics.libraryChanges(B), "from b")).isIn(ACCEPTED);
            assertThat(b.publish(Topics.syncChanges(B), "from b")).isIn(ACCEPTED);
            assertThat(b.publish(Topics.syncPull(B), "from b")).isIn(ACCEPTED);
            assertThat(b.publish(Topics.presence(B), "b again", true)).isIn(ACCEPTED);

            // Subscribes to its own topic on the same connection; "#" and the others would also match it.
            assertThat(a.subscribe(List.of(Topics.libraryAcks(A)))).containsExactly(GRANTED_QOS_1);
            assertThat(cloud.publish(Topics.libraryAcks(A), "marker")).isIn(ACCEPTED);
            Received first = a.next();
            assertThat(first).isEqualTo(new Received(Topics.libraryAcks(A), "marker"));
        }
    }

    /** Mosquitto 2.0.11 answers a wrong password with 0x87 Not authorized, not 0x86 Bad user name or password. */
    @Test
    void aBoxCannotLogInWithAnotherBoxsUserName() throws Exception {
        assertThat(AclClient.refusal(broker.deviceUrl(), B, A_PASSWORD, B)).isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), B, A_PASSWORD, A)).isEqualTo(NOT_AUTHORIZED);
        try (AclClient a = device(A, A_PASSWORD, A)) {
            assertThat(a.isConnected())
                    .as("the same password with its own user name")
                    .isTrue();
        }
    }

    @Test
    void anonymousConnectionsAreRefusedOnBothListeners() {
        assertThat(AclClient.refusal(broker.deviceUrl(), null, null, "anonymous"))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.cloudUrl(), null, null, "anonymous"))
                .isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void eachListenerKnowsOnlyItsOwnUsers() {
        assertThat(AclClient.refusal(broker.cloudUrl(), A, A_PASSWORD, A)).isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), CLOUD, CLOUD_PASSWORD, CLOUD))
                .isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void aBoxUsingAnotherBoxsClientIdIsStillItselfAndNeitherThrowsItOffNorTakesItsSession() throws Exception {
        try (AclClient cloud = cloud("cloud-client-id");
                AclClient b = AclClient.connect(broker.deviceUrl(), B, B_PASSWORD, B, false)) {
            b.subscribe(Topics.deviceSubscriptions(B));
            cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));

            try (AclClient a = device(A, A_PASSWORD, B)) {
                assertThat(a.publish(Topics.libraryChanges(B), "forged")).isEqualTo(NOT_AUTHORIZED);
                assertThat(a.publish(Topics.libraryChanges(A), "as a")).isIn(ACCEPTED);
                assertThat(cloud.next()).isEqualTo(new Received(Topics.libraryChanges(A), "as a"));
                // box-b kept its connection: it still receives, and was never closed.
                assertThat(cloud.publish(Topics.commands(B), "still there")).isIn(ACCEPTED);
                assertThat(b.next()).isEqualTo(new Received(Topics.commands(B), "still there"));
                assertThat(b.disconnects()).isZero();
                assertThat(b.isConnected()).isTrue();
            }

            // box-b goes away and keeps its session; a command is queued in it.
            b.disconnect();
            assertThat(cloud.publish(Topics.commands(B), "queued for b")).isIn(ACCEPTED);
            try (AclClient a = AclClient.connect(broker.deviceUrl(), A, A_PASSWORD, B, false)) {
                assertThat(a.sessionPresent())
                        .as("box-a resumed box-b's session")
                        .isFalse();
                assertThat(a.subscribe(List.of(Topics.libraryAcks(A)))).containsExactly(GRANTED_QOS_1);
                assertThat(cloud.publish(Topics.libraryAcks(A), "marker")).isIn(ACCEPTED);
                assertThat(a.next()).isEqualTo(new Received(Topics.libraryAcks(A), "marker"));
            }
            try (AclClient back = AclClient.connect(broker.deviceUrl(), B, B_PASSWORD, B, false)) {
                assertThat(back.sessionPresent()).isTrue();
                assertThat(back.next()).isEqualTo(new Received(Topics.commands(B), "queued for b"));
            }
        }
    }

    @Test
    void clientIdsWithWildcardsOrSlashesGetNothingBeyondTheirUser() throws Exception {
        try (AclClient cloud = cloud("cloud-wild-ids")) {
            cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));
            for (String clientId : List.of("+", "#", "box-b/x", "box-a/+")) {
                try (AclClient a = device(A, A_PASSWORD, clientId)) {
                    assertThat(a.publish(Topics.libraryChanges(B), "forged"))
                            .as("client id %s", clientId)
                            .isEqualTo(NOT_AUTHORIZED);
                    assertThat(a.publish(Topics.libraryChanges(A), clientId)).isIn(ACCEPTED);
                    assertThat(cloud.next()).isEqualTo(new Received(Topics.libraryChanges(A), clientId));
                }
            }
        }
    }

    @Test
    void userNamesWithWildcardsOrSlashesGetNothing() throws Exception {
        assertThat(AclClient.refusal(broker.deviceUrl(), COMMENT_USER, "secret", "wild"))
                .isEqualTo(NOT_AUTHORIZED);
        try (AclClient cloud = cloud("cloud-wild-users");
                AclClient a = device(A, A_PASSWORD, A)) {
            a.subscribe(Topics.deviceSubscriptions(A));
            for (String user : DANGEROUS_USERS) {
                // "+" in a pattern would match box-a's and box-b's topics; "box-a/library" would turn
                // omb/v1/devices/%u/... into topics one level deeper than any of ours. At most 10 refused publishes
                // per connection: Paho keeps a slot in flight for each refused QoS 1 publish, and one connection with
                // 44 of them failed with "Too many publishes in progress" once (see the test above).
                List<String> forged = new ArrayList<>();
                for (String device : List.of(A, B)) {
                    for (TopicKind kind : TopicKind.values()) {
                        forged.add(Topics.topic(device, kind));
                    }
                }
                for (int from = 0; from < forged.size(); from += 10) {
                    try (AclClient forger = device(user, "secret", "wild")) {
                        for (String topic : forged.subList(from, Math.min(forged.size(), from + 10))) {
                            assertThat(forger.publish(topic, "forged"))
                                    .as("user %s publishing %s", user, topic)
                                    .isEqualTo(NOT_AUTHORIZED);
                        }
                    }
                }
                try (AclClient wild = device(user, "secret", "wild")) {
                    assertThat(wild.subscribe(List.of("#"))).allMatch(c -> c == GRANTED_QOS_1 || c == NOT_AUTHORIZED);
                    assertThat(cloud.publish(Topics.commands(A), "for a via " + user))
                            .isIn(ACCEPTED);
                    assertThat(a.next()).isEqualTo(new Received(Topics.commands(A), "for a via " + user));
                    // box-a has the command, so a copy for the wild user, and any retained presence "#" matched,
                    // was queued before the broker answers the wild user's next publishes.
                    assertThat(wild.receivedBefore(10, Topics.presence(A)))
                            .as("user %s received", user)
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void theCloudSendsToOneBoxOnlyAndCannotSpeakForABox() throws Exception {
        try (AclClient cloud = cloud("cloud-sends");
                AclClient a = device(A, A_PASSWORD, A);
                AclClient b = device(B, B_PASSWORD, B)) {
            a.subscribe(Topics.deviceSubscriptions(A));
            b.subscribe(Topics.deviceSubscriptions(B));

            assertThat(cloud.publish(Topics.libraryAcks(A), "acks for a")).isIn(ACCEPTED);
            assertThat(a.next()).isEqualTo(new Received(Topics.libraryAcks(A), "acks for a"));
            assertThat(cloud.publish(Topics.libraryAcks(B), "marker for b")).isIn(ACCEPTED);
            assertThat(b.next()).isEqualTo(new Received(Topics.libraryAcks(B), "marker for b"));
            assertThat(cloud.publish(Topics.syncLog(A), "log for a")).isIn(ACCEPTED);
            assertThat(a.next()).isEqualTo(new Received(Topics.syncLog(A), "log for a"));
            assertThat(cloud.publish(Topics.syncAcks(B), "sync marker for b")).isIn(ACCEPTED);
            assertThat(b.next()).isEqualTo(new Received(Topics.syncAcks(B), "sync marker for b"));

            for (TopicKind kind : TopicKind.values()) {
                if (kind.fromDevice()) {
                    assertThat(cloud.publish(full(A, kind), "forged"))
                            .as("the cloud publishing box-a's %s", kind)
                            .isEqualTo(NOT_AUTHORIZED);
                }
            }
        }
    }

    private AclClient device(String user, String password, String clientId) throws MqttException {
        return AclClient.connect(broker.deviceUrl(), user, password, clientId);
    }

    private AclClient cloud(String clientId) throws MqttException {
        return AclClient.connect(broker.cloudUrl(), CLOUD, CLOUD_PASSWORD, clientId);
    }

    /** The whole topic of a kind; a relay-level kind with a relay instance's id. */
    private static String full(String device, TopicKind kind) {
        return kind.relayLevel() ? Topics.topic(device, kind) + "/relay-1" : Topics.topic(device, kind);
    }
}
