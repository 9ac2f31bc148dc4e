package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * A power cut during playback: the agent runs as its own JVM, plays the second track of a playlist
 * for a few seconds, and is killed with SIGKILL (nothing gets a chance to save on the way out).
 * Started again on the same data directory, starting the playlist resumes on that track within 5 s
 * before where it was, and {@code from_beginning} still starts at the first track.
 */
class ResumeAfterKillTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(20);
    private static final Duration PLAY_DEADLINE = Duration.ofSeconds(30);
    /** How far into the track the kill comes: past the first periodic save (every 5 s). */
    private static final long KILL_AT_MS = 7_000;

    private static final long TONE_MS = 20_000;

    @TempDir
    Path tmp;

    private final List<Agent> agents = new ArrayList<>();

    /** One agent process and the file its output goes to. */
    private record Agent(Process process, Path log, int port) {
        String output() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }
    }

    @AfterEach
    void killAgents() throws InterruptedException {
        for (Agent agent : agents) {
            if (agent.process.isAlive()) {
                agent.process.destroyForcibly();
                agent.process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startingAgainAfterKillNineResumesWithinFiveSecondsOfWhereItWas() throws Exception {
        Path data = tmp.resolve("data");
        String playlistId;
        String firstTrackId;
        String secondTrackId;
        try (Database db = Database.open(data)) {
            SqliteLibrary library = new SqliteLibrary(db);
            playlistId = library.create("Kill test", "two 20 s tones").id();
            firstTrackId = addTone(library, playlistId, "One", 440, 48_000, 2);
            secondTrackId = addTone(library, playlistId, "Two", 660, 44_100, 1);
        }

        Agent first = start(data, "first");
        try {
            JsonNode started = post(first, "/api/playlists/" + playlistId + "/start", "{}");
            assertEquals(
                    firstTrackId,
                    started.path("data").path("active_track_id").asText(),
                    "a fresh playlist starts at track 1");
            // The resume point under test is on the second track, so that resuming differs from starting over.
            JsonNode next = post(first, "/api/player/next", "{}");
            assertEquals(
                    secondTrackId, next.path("data").path("active_track_id").asText());

            JsonNode status = pollStatus(
                    first,
                    s -> s.path("position_ms").asLong() >= KILL_AT_MS,
                    PLAY_DEADLINE,
                    "position_ms >= " + KILL_AT_MS);
            long killedAt = status.path("position_ms").asLong();
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(10, TimeUnit.SECONDS), "the killed agent exits");
            assertEquals(137, first.process.exitValue(), "killed by SIGKILL (128 + 9)");
            assertEquals("playing", status.path("state").asText());
            assertEquals(secondTrackId, status.path("active_track_id").asText());
            assertTrue(killedAt < KILL_AT_MS + 2_000, "the position was read as soon as it passed 7 s: " + killedAt);

            Agent second = start(data, "second");
            try {
                JsonNode resumed = post(second, "/api/playlists/" + playlistId + "/start", null)
                        .path("data");
                long resumedAt = resumed.path("position_ms").asLong();
                assertEquals("playing", resumed.path("state").asText());
                assertEquals(playlistId, resumed.path("active_playlist_id").asText());
                assertEquals(secondTrackId, resumed.path("active_track_id").asText(), "the same track: " + resumed);
                assertEquals(1, resumed.path("track_index").asInt());
                assertTrue(
                        resumedAt >= killedAt - 5_000 && resumedAt <= killedAt + 500,
                        "resumed at " + resumedAt + " ms, killed at " + killedAt + " ms: want within 5 s before");
                // And it really plays on from there.
                JsonNode moving = pollStatus(
                        second,
                        s -> s.path("position_ms").asLong() >= resumedAt + 500,
                        PLAY_DEADLINE,
                        "position_ms >= " + (resumedAt + 500));
                assertEquals(secondTrackId, moving.path("active_track_id").asText());

                JsonNode over = post(second, "/api/playlists/" + playlistId + "/start", "{\"from_beginning\": true}")
                        .path("data");
                assertEquals("playing", over.path("state").asText());
                assertEquals(0, over.path("track_index").asInt());
                assertEquals(firstTrackId, over.path("active_track_id").asText());
                // Its position_ms can still be track 2's (a deck race, see PlayerHttpTest's
                // disabled theNextStatusAfterNextIsAtTheStartOfTheNewTrack), until the first audio of
                // track 1 is out: so the position is checked on the status, with a deadline.
                JsonNode fromStart = pollStatus(
                        second,
                        s -> s.path("track_index").asInt() == 0
                                && s.path("position_ms").asLong() <= 1_000,
                        Duration.ofSeconds(5),
                        "track 1 near its start");
                assertEquals(firstTrackId, fromStart.path("active_track_id").asText());
            } catch (AssertionError | Exception e) {
                System.err.println("---- second agent output ----\n" + second.output());
                throw e;
            }
        } catch (AssertionError | Exception e) {
            System.err.println("---- first agent output ----\n" + first.output());
            throw e;
        }
    }

    private String addTone(Library library, String playlistId, String title, double hz, int rate, int channels)
            throws IOException {
        Path file = ToneFiles.wav(library.mediaDir(), title.toLowerCase() + ".wav", hz, TONE_MS, rate, channels);
        return library.addTrack(
                        playlistId,
                        new Library.NewTrack(
                                title,
                                file.getFileName().toString(),
                                file.toAbsolutePath().toString(),
                                TONE_MS,
                                "Test",
                                "Tones",
                                Files.size(file)))
                .orElseThrow()
                .id();
    }

    /** Starts the agent as its own JVM on free ports and waits for health 200. */
    private Agent start(Path data, String name) throws Exception {
        int httpPort = freePort();
        int socketPort = freePort();
        while (socketPort == httpPort) {
            socketPort = freePort();
        }
        Path log = tmp.resolve(name + ".log");
        Process process = AgentProcess.start(
                log,
                Map.of(
                        "OMB_DATA_DIR", data.toString(),
                        "OMB_HTTP_PORT", Integer.toString(httpPort),
                        "OMB_SOCKETIO_PORT", Integer.toString(socketPort),
                        "OMB_AUTH_MODE", "off"));
        Agent agent = new Agent(process, log, httpPort);
        agents.add(agent);

        long deadline = System.nanoTime() + HEALTH_DEADLINE.toNanos();
        while (true) {
            if (!agent.process.isAlive()) {
                fail("The " + name + " agent exited with " + agent.process.exitValue() + ":\n" + agent.output());
            }
            try {
                HttpResponse<String> health =
                        send(request(agent, "/api/health").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return agent;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                fail("The " + name + " agent did not answer /api/health with 200 within " + HEALTH_DEADLINE + ":\n"
                        + agent.output());
            }
            agent.process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    private JsonNode post(Agent agent, String path, String body) throws Exception {
        HttpRequest.Builder request = request(agent, path);
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "POST " + path + ": " + response.body());
        JsonNode tree = JSON.readTree(response.body());
        assertEquals("success", tree.path("status").asText(), response.body());
        return tree;
    }

    private JsonNode pollStatus(Agent agent, Predicate<JsonNode> until, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    send(request(agent, "/api/player/status").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            last = JSON.readTree(response.body()).path("data");
            if (until.test(last)) {
                return last;
            }
            if (!agent.process.isAlive()) {
                fail("The agent exited while waiting for " + what);
            }
            // Waits on the process, not a fixed sleep: returns at once if it dies.
            agent.process.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return fail("No " + what + " within " + timeout + "; last status " + last);
    }

    /**
     * Each request on a connection of its own: with reactor-netty 1.3.6, about 1 in 150 requests
     * that follows another at once on a kept-alive connection is never answered (a reactor-netty
     * keep-alive race, fixed in 1.3.8). That is not what this test is about, so it stays clear of it.
     */
    private static HttpResponse<String> send(HttpRequest request, HttpResponse.BodyHandler<String> body)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return http.send(request, body);
    }

    private static HttpRequest.Builder request(Agent agent, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port + path))
                .timeout(Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
