package org.openmusicbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.Http;
import org.openmusicbox.e2e.harness.LogsOnFailure;
import org.openmusicbox.e2e.harness.MediaFiles;
import org.openmusicbox.e2e.harness.Pairing;
import org.openmusicbox.e2e.harness.PhoneSocket;
import org.openmusicbox.e2e.harness.Poll;
import org.openmusicbox.e2e.harness.RelayProcess;
import org.openmusicbox.e2e.harness.Stack;
import org.openmusicbox.e2e.harness.Tap;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * Issue 17: a parent away from home uses the box through the cloud relay. Two relay instances run side by side, as
 * behind a load balancer; a phone paired at home talks to either. Everything is real: the box and the relays as
 * processes, Mosquitto with the shipped ACL, PostgreSQL and an S3 server.
 */
@ExtendWith(LogsOnFailure.class)
class RemoteParentTest {

    private static final String A = "box-away";
    private static final String B = "box-other";
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static Stack stack;
    static BoxProcess box;
    static BoxProcess other;
    static RelayProcess one;
    static RelayProcess two;
    static Pairing.Phone phone;

    @BeforeAll
    static void start() {
        stack = Stack.start(RemoteParentTest.class, dir, A, B);
        box = stack.box(A);
        other = stack.box(B);
        box.awaitConnected(Stack.CONVERGE);
        other.awaitConnected(Stack.CONVERGE);
        one = stack.relay("relay-one");
        two = stack.relay("relay-two");
        phone = Pairing.pair(box, one, "Grandma's phone");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPhoneAwayStartsAPlaylistAndSeesThePlayerWhileStateCrossesTheBrokerOnlyWhileSomeoneWatches() {
        String playlist = box.library().createPlaylist("Away songs");
        MediaFiles.upload(box, playlist, "song.wav", MediaFiles.wav(40, 7), "Song");
        try (Tap tap = Tap.watch(
                stack.broker(), Topics.remoteState(A), Topics.syncChanges(A), Topics.prefix(A) + "remote/viewers/+")) {
            // Nobody watches from away: a change at home is not mirrored. The rename's own sync message is sent
            // after the event it caused, on the same connection, so a mirror of it would have come first.
            box.library().rename(playlist, "Songs for the car");
            Poll.until(
                    "the rename to reach the broker",
                    SOON,
                    () -> tap.on(Topics.syncChanges(A)).stream()
                            .anyMatch(m -> m.text().contains("Songs for the car")));
            assertThat(tap.on(Topics.remoteState(A)))
                    .as("state mirrored with no viewer")
                    .isEmpty();

            try (PhoneSocket away = PhoneSocket.connect(one.socketIo(A), phone.credential(), SOON)) {
                assertThat(away.joined())
                        .as("joined through relay one: %s", away)
                        .isTrue();
                away.emit("join:playlists", Map.of());
                Poll.until(
                        "the snapshots through the relay",
                        SOON,
                        () -> !away.named("ack:join").isEmpty(),
                        away::toString);
                assertThat(away.named("state:playlists").get(0).data().toString())
                        .contains("Songs for the car");
                assertThat(away.named("state:player")).isNotEmpty();

                // Started through the other instance: any instance reaches the box, and the player's state comes
                // back to the phone on relay one through the box's mirror.
                Http.Answer started = two.box(A, phone.credential())
                        .send("POST", "/api/playlists/" + playlist + "/start", Map.of("from_beginning", true));
                assertThat(started.status())
                        .as("start through relay two: %s", started.text())
                        .isEqualTo(200);
                Poll.until(
                        "the phone away to see the box playing",
                        SOON,
                        () -> away.named("state:player").stream()
                                .anyMatch(e ->
                                        e.data().path("data").path("is_playing").asBoolean()),
                        away::toString);
                Poll.until(
                        "three positions to reach the phone away",
                        SOON,
                        () -> away.named("state:track_position").size() >= 3,
                        away::toString);
                List<Tap.Message> positions = tap.on(Topics.remoteState(A)).stream()
                        .filter(m -> m.json().path("event").asText().equals("state:track_position"))
                        .toList();
                assertThat(positions.size()).isGreaterThanOrEqualTo(3);
                for (int i = 2; i < positions.size(); i++) {
                    long span = positions.get(i).receivedNanos()
                            - positions.get(i - 2).receivedNanos();
                    // At most 2 a second: any three span a second, less what the network may bunch them by.
                    assertThat(TimeUnit.NANOSECONDS.toMillis(span))
                            .as("three mirrored positions in a row")
                            .isGreaterThanOrEqualTo(900);
                }
            }

            // The last viewer left: relay one says 0, and the box stops mirroring while it goes on playing.
            Poll.until(
                    "relay one to count no viewer",
                    SOON,
                    () -> tap.since(0).stream()
                            .filter(m -> m.topic().startsWith(Topics.prefix(A) + "remote/viewers/"))
                            .reduce((first, second) -> second)
                            .map(m -> m.json().path("count").asInt() == 0)
                            .orElse(false));
            try (PhoneSocket home = PhoneSocket.open(box, SOON)) {
                home.emit("join:playlists", Map.of());
                Poll.until(
                        "two positions at home",
                        SOON,
                        () -> home.named("state:track_position").size() >= 2);
                int mark = tap.count();
                Poll.until(
                        "five positions at home",
                        SOON,
                        () -> home.named("state:track_position").size() >= 5);
                assertThat(tap.since(mark, Topics.remoteState(A)))
                        .as("state mirrored after the last viewer left")
                        .isEmpty();
            }
        } finally {
            box.http().send("POST", "/api/player/stop", Map.of());
        }
    }

    @Test
    void theStockSocketIoClientStartsAPlaylistThroughTheRelayAndHearsItPlay() throws Exception {
        String playlist = box.library().createPlaylist("With the stock client");
        MediaFiles.upload(box, playlist, "stock.wav", MediaFiles.wav(30, 5), "Stock");
        Path modules = Path.of("..", "edge-agent", "src", "test", "node", "node_modules")
                .toAbsolutePath()
                .normalize();
        assertThat(modules.resolve("socket.io-client"))
                .as(
                        "socket.io-client, installed by the edge agent's protocol suite (npm ci in edge-agent/src/test/node)")
                .isDirectory();
        ProcessBuilder node = new ProcessBuilder(
                        "node",
                        Path.of("src", "test", "node", "remote-client.mjs").toString(),
                        "http://127.0.0.1:" + two.port(),
                        A,
                        phone.credential(),
                        playlist)
                .redirectErrorStream(true);
        node.environment().put("OMB_NODE_MODULES", modules.toString());
        Process client = node.start();
        try {
            assertThat(client.waitFor(60, TimeUnit.SECONDS))
                    .as("the client to finish")
                    .isTrue();
            String out = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(client.exitValue())
                    .as("socket.io-client through the relay: %s", out)
                    .isZero();
            JsonNode seen =
                    Http.JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(seen.path("transport").asText())
                    .as("connected first over long polling")
                    .isEqualTo("polling");
            assertThat(seen.path("upgraded").asBoolean())
                    .as("then upgraded to a WebSocket: %s", seen)
                    .isTrue();
        } finally {
            client.destroyForcibly();
            box.http().send("POST", "/api/player/stop", Map.of());
        }
    }

    @Test
    void fiftyCommandsFromFiveClientsOverBothRelaysAreAnsweredToTheirSenderAndAppliedOnceAcrossAKill()
            throws Exception {
        Map<String, Http.Answer> answers = new ConcurrentHashMap<>();
        CountDownLatch someSent = new CountDownLatch(20);
        ExecutorService clients = Executors.newFixedThreadPool(5);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            int client = c;
            RelayProcess relay = client % 2 == 0 ? one : two;
            running.add(clients.submit(() -> {
                Http api = relay.box(A, phone.credential());
                for (int i = 0; i < 10; i++) {
                    String title = "cmd-" + client + "-" + i;
                    answers.put(title, api.send("POST", "/api/playlists", Map.of("title", title, "description", "")));
                    someSent.countDown();
                }
            }));
        }
        assertThat(someSent.await(2, TimeUnit.MINUTES))
                .as("20 commands answered")
                .isTrue();
        box.kill();
        box.start();
        box.awaitConnected(Stack.CONVERGE);
        for (Future<?> client : running) {
            client.get(3, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(answers).hasSize(50);
        JsonNode list = box.http().get("/api/playlists?limit=200").okBody("the box's playlists");
        Map<String, Integer> onTheBox = new ConcurrentHashMap<>();
        for (JsonNode playlist : list.path("data").path("playlists")) {
            onTheBox.merge(playlist.path("title").asText(), 1, Integer::sum);
        }
        int applied = 0;
        for (Map.Entry<String, Http.Answer> entry : answers.entrySet()) {
            String title = entry.getKey();
            Http.Answer answer = entry.getValue();
            int copies = onTheBox.getOrDefault(title, 0);
            assertThat(copies).as("copies of %s on the box", title).isLessThanOrEqualTo(1);
            if (answer.ok()) {
                applied++;
                // A command the box had applied when it was killed, before it kept the answer, is answered
                // "already applied" when the broker delivers it again: applied once, its own answer lost.
                if (!answer.body().path("message").asText().startsWith("Already applied")) {
                    assertThat(answer.body().path("data").path("title").asText())
                            .as("the answer reached its own sender: %s", answer.text())
                            .isEqualTo(title);
                }
                assertThat(copies).as("%s was acknowledged", title).isEqualTo(1);
            } else {
                String type = answer.body() == null
                        ? ""
                        : answer.body().path("error_type").asText();
                assertThat(type).as("%s: %s", title, answer.text()).isIn("box_offline", "box_unreachable");
                if (type.equals("box_offline")) {
                    assertThat(copies)
                            .as("%s was refused before it was sent", title)
                            .isZero();
                }
            }
        }
        assertThat(applied).as("commands applied").isGreaterThanOrEqualTo(25);
    }

    @Test
    void whileTheBoxIsOffPlayerCommandsAreRefusedAtOnceAndNothingRunsLater() {
        String playlist = box.library().createPlaylist("Not while away");
        MediaFiles.upload(box, playlist, "quiet.wav", MediaFiles.wav(20, 3), "Quiet");
        box.kill();
        Http away = one.box(A, phone.credential());
        Poll.until(
                "the relay to know the box is offline",
                SOON,
                () -> away.get("/api/player/status").status() == 503);
        Http.Answer refused = away.send("POST", "/api/playlists/" + playlist + "/start", Map.of());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().path("error_type").asText()).isEqualTo("box_offline");

        box.start();
        box.awaitConnected(Stack.CONVERGE);
        // A command through the relay after the restart has been answered, so anything queued before it has too.
        Poll.until(
                "the relay to reach the box again",
                SOON,
                () -> away.get("/api/player/status").ok());
        assertThat(MediaFiles.playerState(box).path("is_playing").asBoolean())
                .as("the refused start never ran")
                .isFalse();
    }

    @Test
    void withoutTheRightCredentialNothingIsReadableOrChangeable() {
        Pairing.Phone others = Pairing.pair(other, one, "Other family's phone");
        Pairing.Phone old = Pairing.pair(box, two, "Old phone");
        int before = playlistCount();

        for (String credential : new String[] {null, "not-a-credential", others.credential()}) {
            for (RelayProcess relay : List.of(one, two)) {
                Http api = relay.box(A, credential);
                assertThat(api.get("/api/playlists").status())
                        .as("read with %s", credential)
                        .isEqualTo(401);
                assertThat(api.send("POST", "/api/playlists", Map.of("title", "intruder"))
                                .status())
                        .as("change with %s", credential)
                        .isEqualTo(401);
                try (PhoneSocket socket = PhoneSocket.connect(relay.socketIo(A), credential, SOON)) {
                    if (credential != null) {
                        assertThat(socket.refusal())
                                .as("socket with %s: %s", credential, socket)
                                .isNotNull();
                    } else if (socket.joined()) {
                        // netty-socketio answers a CONNECT without auth before any check can run; the relay
                        // lets such a socket in to nothing and drops it at its first event.
                        socket.emit("join:playlists", Map.of());
                        Poll.until(
                                "the socket without a credential to be dropped",
                                SOON,
                                socket::closed,
                                socket::toString);
                    }
                    assertThat(socket.events())
                            .as("events for a socket with %s", credential)
                            .isEmpty();
                }
            }
        }
        // Box A's phone opens nothing of box B.
        assertThat(one.box(B, phone.credential()).get("/api/playlists").status())
                .isEqualTo(401);

        try (PhoneSocket oldSocket = PhoneSocket.connect(two.socketIo(A), old.credential(), SOON)) {
            assertThat(oldSocket.joined()).isTrue();
            Pairing.parentAtHome(box)
                    .send("DELETE", "/api/remote/phones/" + old.phoneId(), Map.of())
                    .okBody("removing the old phone at home");
            Poll.until(
                    "the relay to refuse the removed phone",
                    SOON,
                    () -> two.box(A, old.credential()).get("/api/playlists").status() == 401);
            Poll.until("the removed phone's socket to be closed", SOON, oldSocket::closed, oldSocket::toString);
        }
        assertThat(one.box(A, old.credential()).get("/api/playlists").status()).isEqualTo(401);
        assertThat(playlistCount()).as("nothing was created").isEqualTo(before);
    }

    private static int playlistCount() {
        return box.http()
                .get("/api/playlists?limit=200")
                .okBody("playlists")
                .path("data")
                .path("playlists")
                .size();
    }
}
