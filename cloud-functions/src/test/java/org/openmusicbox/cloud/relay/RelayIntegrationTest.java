package org.openmusicbox.cloud.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.mqtt.AclBroker;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two relay instances (profile relay of the real app) and a fake box on a real Mosquitto with the shipped config and
 * ACL: HTTP and Socket.IO through the relay reach the box as commands, each instance gets its own answers, and
 * nothing passes without a credential of that box.
 */
class RelayIntegrationTest {

    static final String BOX = "box-a";
    static final String BOX_PASSWORD = "box-a-password";
    static final String OFFLINE_BOX = "box-b";
    static final String OFFLINE_PASSWORD = "box-b-password";
    static final String CLOUD = "omb-cloud";
    static final String CLOUD_PASSWORD = "cloud-password";
    static final String PHONE = "phone-0123456789abcdef";
    static final String CREDENTIAL = PHONE + ".secret";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static AclBroker broker;
    static FakeBox box;
    static FakeBox offlineBox;
    static ConfigurableApplicationContext relay1;
    static ConfigurableApplicationContext relay2;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonCodec codec = new JsonCodec();

    @BeforeAll
    static void start() throws Exception {
        AclBroker.requireMosquitto();
        broker = AclBroker.start(
                dir, List.of(BOX, BOX_PASSWORD, OFFLINE_BOX, OFFLINE_PASSWORD), List.of(CLOUD, CLOUD_PASSWORD));
        box = FakeBox.connect(broker.deviceUrl(), BOX, BOX_PASSWORD);
        box.online();
        box.phones(new RemotePhones(
                true,
                List.of(new RemotePhones.Phone(PHONE, PhoneLists.sha256Hex(CREDENTIAL))),
                "2026-11-26T08:15:02Z"));
        offlineBox = FakeBox.connect(broker.deviceUrl(), OFFLINE_BOX, OFFLINE_PASSWORD);
        offlineBox.offline();
        offlineBox.phones(new RemotePhones(
                true,
                List.of(new RemotePhones.Phone(PHONE, PhoneLists.sha256Hex(CREDENTIAL))),
                "2026-11-26T08:15:02Z"));
        relay1 = relay();
        relay2 = relay();
        for (ConfigurableApplicationContext relay : List.of(relay1, relay2)) {
            until(
                    "the relay knows the boxes",
                    () -> relay.getBean(PhoneLists.class).admits(BOX, PHONE)
                            && relay.getBean(PhoneLists.class).admits(OFFLINE_BOX, PHONE)
                            && relay.getBean(BoxPresence.class).online(BOX));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext relay : new ConfigurableApplicationContext[] {relay1, relay2}) {
            if (relay != null) {
                relay.close();
            }
        }
        for (FakeBox fake : new FakeBox[] {box, offlineBox}) {
            if (fake != null) {
                fake.clear();
                fake.close();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    static ConfigurableApplicationContext relay() {
        return new SpringApplicationBuilder(CloudApplication.class)
                .run(
                        "--spring.profiles.active=relay",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--omb.mqtt.url=" + broker.cloudUrl(),
                        "--omb.mqtt.username=" + CLOUD,
                        "--omb.mqtt.password=" + CLOUD_PASSWORD);
    }

    static String base(ConfigurableApplicationContext relay) {
        return "http://127.0.0.1:" + relay.getEnvironment().getRequiredProperty("local.server.port");
    }

    static HttpResponse<String> get(ConfigurableApplicationContext relay, String path, String credential)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base(relay) + path)).timeout(WAIT);
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void anHttpRequestGetsTheBoxsAnswerOnItsOwnInstance() throws Exception {
        for (ConfigurableApplicationContext relay : List.of(relay1, relay2)) {
            String relayId = relay.getBean(RelayId.class).value();
            HttpResponse<String> answer = get(relay, "/boxes/" + BOX + "/api/playlists?limit=2", CREDENTIAL);
            assertThat(answer.statusCode()).isEqualTo(200);
            var body = codec.readTree(answer.body());
            assertThat(body.path("path").asText()).isEqualTo("/api/playlists");
            assertThat(body.path("phone_id").asText()).isEqualTo(PHONE);
            assertThat(body.path("reply_topic").asText()).isEqualTo(Topics.relayReplies(BOX, relayId));
        }
        assertThat(relay1.getBean(RelayId.class)).isNotEqualTo(relay2.getBean(RelayId.class));
    }

    @Test
    void twoInstancesAtOnceEachGetOnlyTheirOwnAnswers() throws Exception {
        var calls = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
        List<ConfigurableApplicationContext> relays = List.of(relay1, relay2);
        for (int i = 0; i < 10; i++) {
            ConfigurableApplicationContext relay = relays.get(i % 2);
            calls.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base(relay) + "/boxes/" + BOX + "/api/n" + i))
                            .header("Authorization", "Bearer " + CREDENTIAL)
                            .timeout(WAIT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> answer = calls.get(i).get();
            assertThat(answer.statusCode()).isEqualTo(200);
            var body = codec.readTree(answer.body());
            assertThat(body.path("path").asText()).isEqualTo("/api/n" + i);
            String relayId = relays.get(i % 2).getBean(RelayId.class).value();
            assertThat(body.path("reply_topic").asText()).isEqualTo(Topics.relayReplies(BOX, relayId));
        }
        until(
                "no command left waiting",
                () -> relay1.getBean(PendingReplies.class).waiting() == 0
                        && relay2.getBean(PendingReplies.class).waiting() == 0);
    }

    @Test
    void withoutAGoodCredentialNothingIsForwarded() throws Exception {
        for (String credential : new String[] {null, "wrong", PHONE}) {
            HttpResponse<String> refused = get(relay1, "/boxes/" + BOX + "/api/secret", credential);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(codec.readTree(refused.body()).path("error_type").asText())
                    .isEqualTo("unauthorized");
        }
        for (String spelling : new String[] {
            "/boxes/" + BOX + "//api/secret", "/boxes/" + BOX + "/api/%2e%2e/secret", "/boxes/" + BOX + "%2Fapi/secret"
        }) {
            assertThat(get(relay1, spelling, CREDENTIAL).statusCode()).isEqualTo(404);
        }
        // A round trip after the refusals: the box has seen every forwarded command by then.
        assertThat(get(relay1, "/boxes/" + BOX + "/api/after", CREDENTIAL).statusCode())
                .isEqualTo(200);
        assertThat(box.commands)
                .noneMatch(c -> String.valueOf(c.args().get("path")).contains("secret"));
    }

    @Test
    void anOfflineBoxIsRefusedAtOnceWithoutACommand() throws Exception {
        int before = offlineBox.commands.size();
        // The player, unlike the library (relay.away.OfflineLibrary), has nothing to read in the cloud.
        HttpResponse<String> refused = get(relay1, "/boxes/" + OFFLINE_BOX + "/api/player/status", CREDENTIAL);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(codec.readTree(refused.body()).path("error_type").asText()).isEqualTo("box_offline");
        assertThat(offlineBox.commands).hasSize(before);
    }

    @Test
    void thePageIsServedUnderTheBoxsPrefix() throws Exception {
        HttpResponse<String> redirect = get(relay1, "/boxes/" + BOX, null);
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).contains("/boxes/" + BOX + "/");
        HttpResponse<String> page = get(relay1, "/boxes/" + BOX + "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' ws://127.0.0.1:");
        assertThat(get(relay1, "/boxes/" + BOX + "/js/base.js", null).statusCode())
                .isEqualTo(200);
        assertThat(get(relay1, "/boxes/bad.id/", null).statusCode()).isEqualTo(404);
        assertThat(get(relay1, "/relay/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSocketWithACredentialJoinsAndGetsMirroredState() throws Exception {
        String url = base(relay2).replace("http:", "ws:") + "/boxes/" + BOX + "/socket.io/?EIO=4&transport=websocket";
        try (PhoneSocket phone = PhoneSocket.open(url)) {
            phone.await("0{", WAIT);
            phone.send("40{\"token\":\"" + CREDENTIAL + "\"}");
            // As from the box itself: the page joins its rooms when it hears connection_status.
            assertThat(phone.await("42[\"connection_status\"", WAIT)).contains("\"status\":\"connected\"");
            phone.await("40{", WAIT);
            String relayId = relay2.getBean(RelayId.class).value();
            until(
                    "the box hears of one viewer",
                    () -> box.viewerCounts.stream().anyMatch(c -> c.contains(relayId) && c.contains("\"count\":1")));
            phone.send("42[\"join:playlists\",{}]");
            phone.await("42[\"ack:join\"", WAIT);
            box.mirror(new RemoteState("state:player", codec.readTree("{\"server_seq\":7}"), List.of("playlists")));
            assertThat(phone.await("42[\"state:player\"", WAIT)).contains("\"server_seq\":7");
        }
        String relayId = relay2.getBean(RelayId.class).value();
        until(
                "the box hears the last viewer left",
                () -> !box.viewerCounts.isEmpty()
                        && box.viewerCounts.get(box.viewerCounts.size() - 1).contains("\"count\":0")
                        && box.viewerCounts.get(box.viewerCounts.size() - 1).contains(relayId));
    }

    @Test
    void aSocketWithoutACredentialIsRefused() throws Exception {
        String url = base(relay1).replace("http:", "ws:") + "/boxes/" + BOX + "/socket.io/?EIO=4&transport=websocket";
        for (String connect : new String[] {"40{}", "40{\"token\":\"wrong\"}"}) {
            try (PhoneSocket phone = PhoneSocket.open(url)) {
                phone.await("0{", WAIT);
                phone.send(connect);
                phone.await("44", WAIT);
            }
        }
        String otherBox = base(relay1).replace("http:", "ws:") + "/boxes/" + BOX
                + "/socket.io/?EIO=4&transport=websocket&omb_box=" + OFFLINE_BOX;
        try (PhoneSocket phone = PhoneSocket.open(otherBox)) {
            phone.await("0{", WAIT);
            phone.send("40{\"token\":\"" + CREDENTIAL + "\"}");
            phone.await("44", WAIT);
        }
    }
}
