package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.audio.ToneCheck;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.fake.CapturingOutput;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * The player's HTTP API against the whole agent in this JVM: real SQLite, real lavaplayer decoding
 * of generated WAV and MP3 files, and a capturing output paced like a sound card, so the test can
 * check both what the API answers and what audio reached the "speaker" (its pitch and its level).
 */
class PlayerHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final PcmFormat PCM = PcmFormat.STANDARD;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long TONE_MS = 3_000;
    /** Track 1 is two tones: LOW for its first half, HIGH for its second, so a seek can be heard. */
    private static final double LOW = 440;

    private static final double HIGH = 880;
    private static final double TRACK2_HZ = 660;
    private static final double TRACK3_HZ = 550;

    @TempDir
    Path tmp;

    private final CapturingOutput output = CapturingOutput.paced();
    private EdgeAgent agent;
    private String playlistId;
    private String emptyPlaylistId;
    private List<String> trackIds;

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    // ---- the tests

    @Test
    void withNothingLoadedPlayerCommandsAreConflictsAndStartRefusesUnknownAndEmptyPlaylists() throws Exception {
        startAgent();
        JsonNode idle = status();
        assertEquals("stopped", idle.path("state").asText());
        assertTrue(idle.path("active_playlist_id").isNull(), idle.toString());
        assertTrue(idle.path("active_track").isNull(), idle.toString());

        assertError(post("/api/player/play", "{}"), 409, "conflict");
        assertError(post("/api/player/next", "{}"), 409, "conflict");
        assertError(post("/api/player/previous", "{}"), 409, "conflict");
        assertError(post("/api/player/seek", "{\"position_ms\": 100}"), 409, "conflict");
        assertError(post("/api/playlists/no-such-playlist/start", "{}"), 404, "not_found");
        assertError(post("/api/playlists/" + emptyPlaylistId + "/start", "{}"), 409, "conflict");
        assertEquals(without(idle, "server_seq"), without(status(), "server_seq"), "refusals change nothing");
        assertEquals(0, output.byteCount(), "no audio was written");
    }

    @Test
    void playPauseSeekVolumeNextPreviousOverHttpWithTheDecodedAudioReachingTheOutput() throws Exception {
        startAgent();
        int volume0 = status().path("volume").asInt();

        // start: the whole state, echoing client_op_id
        HttpResponse<String> startResponse =
                post("/api/playlists/" + playlistId + "/start", "{\"client_op_id\": \"it-start-1\"}");
        JsonNode startBody = ok(startResponse);
        assertEquals("it-start-1", startBody.path("client_op_id").asText(), "client_op_id echoed at the top level");
        JsonNode started = startBody.path("data");
        assertEquals("playing", started.path("state").asText());
        assertTrue(started.path("is_playing").asBoolean());
        assertEquals(playlistId, started.path("active_playlist_id").asText());
        assertEquals("Tones", started.path("active_playlist_title").asText());
        assertEquals(trackIds.get(0), started.path("active_track_id").asText());
        assertEquals(trackIds.get(0), started.path("active_track").path("id").asText());
        assertEquals(0, started.path("track_index").asInt());
        assertEquals(3, started.path("track_count").asInt());
        assertEquals(TONE_MS, started.path("duration_ms").asLong(), 100);
        assertTrue(started.path("position_ms").asLong() < 500, started.toString());
        assertFalse(started.path("can_prev").asBoolean());
        assertTrue(started.path("can_next").asBoolean());
        assertEquals("none", started.path("repeat_mode").asText());
        assertNoNullsButTheSleepTimer(started);

        // the audio: the low half of track 1, at the volume's gain (the square of the percentage)
        long startBytes = 0;
        assertTone(startBytes + PCM.millisToBytes(150), 500, LOW, volume0);

        // status moves on while playing
        pollStatus(s -> s.path("position_ms").asLong() >= 300, "position_ms >= 300");

        // pause: state paused, the position and the audio stop
        JsonNode paused = ok(post("/api/player/pause", "{}")).path("data");
        assertEquals("paused", paused.path("state").asText());
        assertFalse(paused.path("is_playing").asBoolean());
        long heldAt = paused.path("position_ms").asLong();
        long bytesAtPause = output.byteCount();
        assertFalse(
                output.awaitBytes(bytesAtPause + PCM.millisToBytes(60), Duration.ofMillis(500)),
                "no audio is written while paused");
        JsonNode stillPaused = status();
        assertEquals("paused", stillPaused.path("state").asText());
        assertEquals(heldAt, stillPaused.path("position_ms").asLong(), "the position holds while paused");

        // play resumes from there
        JsonNode resumed = ok(post("/api/player/play", "{}")).path("data");
        assertEquals("playing", resumed.path("state").asText());
        assertEquals(trackIds.get(0), resumed.path("active_track_id").asText());
        pollStatus(s -> s.path("position_ms").asLong() >= heldAt + 200, "position_ms >= " + (heldAt + 200));

        // volume: applied to the samples; the parent's maximum caps it
        JsonNode forty = ok(post("/api/player/volume", "{\"volume\": 40}")).path("data");
        assertEquals(40, forty.path("volume").asInt());
        assertTone(output.byteCount() + PCM.millisToBytes(60), 200, LOW, 40);
        JsonNode settings =
                ok(put("/api/player/settings", "{\"max_volume\": 30}")).path("data");
        assertEquals(30, settings.path("max_volume").asInt());
        assertEquals(30, settings.path("volume").asInt(), "the volume follows the maximum down");
        JsonNode capped = ok(post("/api/player/volume", "{\"volume\": 90}")).path("data");
        assertEquals(30, capped.path("volume").asInt(), "never above the maximum");
        assertEquals(30, capped.path("max_volume").asInt());
        JsonNode volume = ok(get("/api/player/volume")).path("data");
        assertEquals(30, volume.path("volume").asInt());
        assertEquals(30, volume.path("max_volume").asInt());

        // seek into the second half of track 1: the position and the sound say so
        JsonNode sought =
                ok(post("/api/player/seek", "{\"position_ms\": 1500}")).path("data");
        assertEquals(trackIds.get(0), sought.path("active_track_id").asText());
        long afterSeek = output.byteCount();
        // The answer and the very next status can still show the old position (a deck race: see
        // theNextStatusAfterASeekIsAtTheNewPosition, disabled); here: it gets there, and the sound does.
        JsonNode next = pollStatus(s -> s.path("position_ms").asLong() >= 1500, "position_ms >= 1500 after seek");
        assertEquals(trackIds.get(0), next.path("active_track_id").asText());
        assertTone(afterSeek + PCM.millisToBytes(60), 300, HIGH, 30);

        // next: track 2 (44.1 kHz mono, resampled by lavaplayer)
        JsonNode second = ok(post("/api/player/next", "{}")).path("data");
        assertEquals(trackIds.get(1), second.path("active_track_id").asText());
        assertEquals(1, second.path("track_index").asInt());
        assertTrue(second.path("can_prev").asBoolean());
        assertTone(output.byteCount() + PCM.millisToBytes(60), 400, TRACK2_HZ, 30);

        // previous within the first 3 s: back to track 1, from its start
        // (Not its position_ms: the answer can carry track 2's, the deck race of
        // theNextStatusAfterNextIsAtTheStartOfTheNewTrack. The sound tells: track 1 was left in its
        // high second half, and it starts again with its low first half.)
        JsonNode back = ok(post("/api/player/previous", "{}")).path("data");
        assertEquals(trackIds.get(0), back.path("active_track_id").asText());
        assertEquals(0, back.path("track_index").asInt());
        assertTone(output.byteCount() + PCM.millisToBytes(60), 400, LOW, 30);

        // next twice: track 3, an MP3
        ok(post("/api/player/next", "{}"));
        JsonNode third = ok(post("/api/player/next", "{}")).path("data");
        assertEquals(trackIds.get(2), third.path("active_track_id").asText());
        assertEquals(2, third.path("track_index").asInt());
        assertFalse(third.path("can_next").asBoolean());
        assertEquals(TONE_MS, third.path("duration_ms").asLong(), 150);
        // Skip the encoder's delay and the start-up of the MP3 decoder.
        assertTone(output.byteCount() + PCM.millisToBytes(150), 400, TRACK3_HZ, 30);

        // stop
        JsonNode stopped = ok(post("/api/player/stop", "{}")).path("data");
        assertEquals("stopped", stopped.path("state").asText());
        assertFalse(stopped.path("is_playing").asBoolean());
        long bytesAtStop = output.byteCount();
        assertFalse(
                output.awaitBytes(bytesAtStop + PCM.millisToBytes(60), Duration.ofMillis(300)),
                "no audio is written once stopped");
        assertTrue(output.flushes() >= 5, "every track change and seek flushed the output: " + output.flushes());
    }

    /**
     * Issue 3: "seek to 1500 ms makes the next position >= 1500", with the status read while the
     * deck is still busy with the seek. Fails today (7 of 7 runs, on the first seek: the status
     * says 460, where it was before the seek), which is why it is disabled.
     *
     * <p>The race: paced to real time, the deck's pump thread spends most of its time inside
     * {@code output.write}. A seek arriving then sets the position to 1500 ({@code Deck.seek}, box
     * thread); when the write returns, the pump stores the position of the chunk it just wrote,
     * from before the seek, over it. It stays wrong until the first chunk after the seek has been
     * written, i.e. while the output is flushed and lavaplayer decodes at the new place. The
     * output here takes 50 ms to flush, as a slow sound card might, and the status is read once the
     * flush has begun, which hits the window every time; with the plain capturing output it is hit
     * now and then (once in a full run of the module's tests, when the next status said 1140; once
     * the seek's own answer said 1160, as the answer is read after the announcement is sent). A
     * new track has the same race ({@code Deck.play} sets the start position; a stale chunk can
     * overwrite it). {@code Deck} keeps a chunk from before a seek or play from overwriting the position.
     */
    @Test
    void theNextStatusAfterASeekIsAtTheNewPosition() throws Exception {
        startAgent(new SlowFlush(output, Duration.ofMillis(50)));
        ok(post("/api/playlists/" + playlistId + "/start", "{}"));
        pollStatus(s -> s.path("position_ms").asLong() >= 300, "position_ms >= 300");
        for (int i = 0; i < 10; i++) {
            ok(post("/api/player/seek", "{\"position_ms\": 200}"));
            // Play on past the output's 100 ms head start, so that the pump is paced again: it
            // then waits inside write most of the time, as it does while a box plays.
            assertTrue(output.awaitBytes(output.byteCount() + PCM.millisToBytes(250), DEADLINE));
            int flushes = output.flushes();
            JsonNode sought =
                    ok(post("/api/player/seek", "{\"position_ms\": 1500}")).path("data");
            assertTrue(sought.path("position_ms").asLong() >= 1500, "seek answer " + i + ": " + sought);
            // Read it while the deck is busy with the seek (flushing the output).
            awaitFlushes(flushes + 1);
            JsonNode next = status();
            assertTrue(
                    next.path("position_ms").asLong() >= 1500,
                    "seek " + i + ": the next status after seek 1500 says " + next.path("position_ms"));
        }
    }

    /**
     * The same race on a track change: {@code next} answers, and the status is read, with the new
     * track and the old track's position, until the new track's first chunk is written. Player
     * would also save that position as the playlist's resume point when the track starts, so a power cut
     * in that moment would resume the new track in the middle (3 of 3 runs failed before the fix).
     */
    @Test
    void theNextStatusAfterNextIsAtTheStartOfTheNewTrack() throws Exception {
        startAgent(new SlowFlush(output, Duration.ofMillis(50)));
        ok(post("/api/playlists/" + playlistId + "/start", "{}"));
        pollStatus(s -> s.path("position_ms").asLong() >= 500, "position_ms >= 500");
        int flushes = output.flushes();
        JsonNode answer = ok(post("/api/player/next", "{}")).path("data");
        awaitFlushes(flushes + 1);
        JsonNode next = status();
        assertEquals(trackIds.get(1), answer.path("active_track_id").asText());
        assertTrue(answer.path("position_ms").asLong() < 200, "the answer to next: " + answer.path("position_ms"));
        assertEquals(trackIds.get(1), next.path("active_track_id").asText());
        assertTrue(
                next.path("position_ms").asLong() < 200,
                "the status right after next: track 2 at " + next.path("position_ms") + " ms");
    }

    @Test
    void badRequestsAreRefusedWithAnErrorEnvelopeAndChangeNothing() throws Exception {
        startAgent();
        ok(post("/api/playlists/" + playlistId + "/start", "{}"));
        ok(post("/api/player/pause", "{}"));
        // Paused, nothing moves: every refusal below must leave this state exactly as it is.
        JsonNode before = without(status(), "server_seq");
        JsonNode settingsBefore = ok(get("/api/player/settings")).path("data");
        assertEquals("paused", before.path("state").asText());

        String huge = "x".repeat(1024 * 1024);
        Map<String, Object[]> bad = new LinkedHashMap<>();
        bad.put("seek -5", new Object[] {"/api/player/seek", "{\"position_ms\": -5}", 400});
        bad.put("seek \"x\"", new Object[] {"/api/player/seek", "{\"position_ms\": \"x\"}", 400});
        bad.put("seek beyond the track", new Object[] {"/api/player/seek", "{\"position_ms\": 10000}", 400});
        bad.put("seek without a position", new Object[] {"/api/player/seek", "{}", 400});
        bad.put("seek 1.5", new Object[] {"/api/player/seek", "{\"position_ms\": 1.5}", 400});
        bad.put("volume 101", new Object[] {"/api/player/volume", "{\"volume\": 101}", 400});
        bad.put("volume -1", new Object[] {"/api/player/volume", "{\"volume\": -1}", 400});
        bad.put("volume \"loud\"", new Object[] {"/api/player/volume", "{\"volume\": \"loud\"}", 400});
        bad.put("repeat \"twice\"", new Object[] {"/api/player/repeat", "{\"mode\": \"twice\"}", 400});
        bad.put("shuffle \"yes\"", new Object[] {"/api/player/shuffle", "{\"enabled\": \"yes\"}", 400});
        bad.put("sleep-timer -1", new Object[] {"/api/player/sleep-timer", "{\"minutes\": -1}", 400});
        bad.put("settings max_volume 101", new Object[] {"/api/player/settings", "{\"max_volume\": 101}", 400});
        bad.put("settings resume \"no\"", new Object[] {"/api/player/settings", "{\"resume\": \"no\"}", 400});
        bad.put("start an unknown playlist", new Object[] {"/api/playlists/no-such-playlist/start", "{}", 404});
        bad.put("start an empty playlist", new Object[] {"/api/playlists/" + emptyPlaylistId + "/start", "{}", 409});
        bad.put(
                "start from_beginning \"yes\"",
                new Object[] {"/api/playlists/" + playlistId + "/start", "{\"from_beginning\": \"yes\"}", 400});
        bad.put("play track 0", new Object[] {"/api/playlists/" + playlistId + "/play/0", "{}", 400});
        bad.put("play track abc", new Object[] {"/api/playlists/" + playlistId + "/play/abc", "{}", 400});
        bad.put("play track 4 of 3", new Object[] {"/api/playlists/" + playlistId + "/play/4", "{}", 400});
        bad.put("a body that is not JSON", new Object[] {"/api/player/volume", "volume=40", 400});
        bad.put("a JSON array body", new Object[] {"/api/player/volume", "[40]", 400});
        bad.put("a 1 MB string field", new Object[] {"/api/player/repeat", "{\"mode\": \"" + huge + "\"}", 413});

        for (Map.Entry<String, Object[]> c : bad.entrySet()) {
            String path = (String) c.getValue()[0];
            String body = (String) c.getValue()[1];
            int expected = (int) c.getValue()[2];
            HttpResponse<String> response;
            try {
                response = path.equals("/api/player/settings") ? put(path, body) : post(path, body);
            } catch (IOException e) {
                throw new AssertionError(c.getKey() + ": no answer: " + e, e);
            }
            assertError(response, expected, null, c.getKey());
            assertEquals(before, without(status(), "server_seq"), c.getKey() + " changed the player");
            assertEquals(
                    settingsBefore, ok(get("/api/player/settings")).path("data"), c.getKey() + " changed the settings");
        }

        // A refusal echoes the client_op_id it was sent with.
        JsonNode refused = assertError(
                post("/api/player/volume", "{\"volume\": 101, \"client_op_id\": \"it-bad-1\"}"),
                400,
                "validation_error",
                "volume 101 with client_op_id");
        assertEquals("it-bad-1", refused.path("client_op_id").asText(), refused.toString());

        // And the player still works afterwards.
        JsonNode playing = ok(post("/api/player/play", "{}")).path("data");
        assertEquals("playing", playing.path("state").asText());
        assertEquals(before.path("active_track_id"), playing.path("active_track_id"));
    }

    // ---- the agent and its library

    private void startAgent() throws IOException {
        startAgent(output);
    }

    private void startAgent(AudioOutput audio) throws IOException {
        Path data = tmp.resolve("data");
        try (Database db = Database.open(data)) {
            SqliteLibrary library = new SqliteLibrary(db);
            playlistId = library.create("Tones", "three short tones").id();
            emptyPlaylistId = library.create("Empty", "no tracks").id();
            Path media = library.mediaDir();
            Path one = ToneFiles.steps(media, "one.wav", 48_000, 2, TONE_MS / 2, LOW, HIGH);
            Path two = ToneFiles.wav(media, "two.wav", TRACK2_HZ, TONE_MS, 44_100, 1);
            Path three = ToneFiles.mp3(media, "three.mp3", TRACK3_HZ, TONE_MS);
            trackIds = List.of(add(library, "One", one), add(library, "Two", two), add(library, "Three", three));
        }
        EdgeConfig config = ConfigLoader.load(
                null,
                Map.of(),
                Map.of(
                        // Parent access has its own tests (ParentAccessTest, auth.test.mjs); these are about other
                        // things.
                        "omb.auth.mode", "off",
                        "omb.data-dir", data.toString(),
                        "omb.bind", "127.0.0.1",
                        "omb.http.port", "0",
                        "omb.socketio.port", "0",
                        "omb.audio.output", "silent"));
        agent = EdgeAgent.start(config, name -> audio);
    }

    private String add(Library library, String title, Path file) throws IOException {
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

    private void awaitFlushes(int count) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        synchronized (output) {
            while (output.flushes() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("The output was not flushed " + count + " times within " + DEADLINE);
                }
                output.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** An output that takes its time to drop what it holds, as some sound cards do. */
    private record SlowFlush(CapturingOutput inner, Duration flushTakes) implements AudioOutput {
        @Override
        public DeviceStatus status() {
            return inner.status();
        }

        @Override
        public void write(byte[] pcm, int offset, int length) {
            inner.write(pcm, offset, length);
        }

        @Override
        public void flush() {
            inner.flush();
            try {
                Thread.sleep(flushTakes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void pause() {
            inner.pause();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    // ---- audio checks

    /**
     * Waits for {@code ms} of audio after byte {@code from} and checks it is the tone {@code hz},
     * at the level the volume gives (the deck squares the percentage).
     */
    private void assertTone(long from, long ms, double hz, int volumePercent) throws InterruptedException {
        long offset = from - from % PCM.bytesPerFrame();
        int length = (int) PCM.millisToBytes(ms);
        assertTrue(
                output.awaitBytes(offset + length, DEADLINE),
                "no " + ms + " ms of audio after byte " + offset + " within " + DEADLINE + " (have "
                        + output.byteCount() + ")");
        byte[] pcm = output.bytes();
        ToneCheck.Tone tone = ToneCheck.measure(pcm, (int) offset, length, PCM);
        double expected = ToneFiles.AMPLITUDE * 32767 * volumePercent * volumePercent / 10_000.0;
        assertEquals(hz, tone.hz(), hz * 0.01, "pitch at byte " + offset + ": " + tone);
        assertEquals(expected, tone.amplitudeAtHz(), expected * 0.08, "level at volume " + volumePercent + ": " + tone);
        assertEquals(expected / Math.sqrt(2), tone.rms(), expected * 0.08, "a pure tone, no noise: " + tone);
    }

    // ---- HTTP

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET().build());
    }

    /**
     * Each request on a connection of its own: with reactor-netty 1.3.6, about 1 in 150 requests
     * that follows another at once on a kept-alive connection is never answered (a reactor-netty
     * keep-alive race, fixed in 1.3.8). That is not what this test is about, so it stays clear of it.
     */
    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path))
                .timeout(Duration.ofSeconds(5));
    }

    private JsonNode status() throws Exception {
        return ok(get("/api/player/status")).path("data");
    }

    private JsonNode pollStatus(Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status();
            if (until.test(last)) {
                return last;
            }
            // Waits for the next audio (20 ms chunks) rather than a fixed sleep.
            output.awaitBytes(output.byteCount() + PCM.millisToBytes(20), Duration.ofMillis(100));
        }
        return fail("No " + what + " within " + DEADLINE + "; last status " + last);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.request().uri() + ": " + response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("success", body.path("status").asText(), response.body());
        return body;
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String errorType) {
        return assertError(response, status, errorType, response.request().uri().getPath());
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String errorType, String what) {
        String body = response.body();
        assertEquals(status, response.statusCode(), what + ": " + abbreviate(body));
        JsonNode tree = JSON.readTree(body);
        assertEquals("error", tree.path("status").asText(), what + ": " + abbreviate(body));
        assertTrue(
                tree.path("error_type").isTextual()
                        && !tree.path("error_type").asText().isBlank(),
                what + ": " + abbreviate(body));
        assertTrue(
                tree.path("message").isTextual()
                        && !tree.path("message").asText().isBlank(),
                what + ": " + abbreviate(body));
        assertTrue(
                body.length() < 4_096,
                what + ": the error does not echo a huge input back (" + body.length() + " chars)");
        if (errorType != null) {
            assertEquals(errorType, tree.path("error_type").asText(), what + ": " + abbreviate(body));
        }
        return tree;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }

    private static JsonNode without(JsonNode node, String field) {
        ObjectNode copy = node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static void assertNoNullsButTheSleepTimer(JsonNode state) {
        for (Iterator<Map.Entry<String, JsonNode>> it = state.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("sleep_timer_ends_at")) {
                assertNotNull(field.getValue(), field.getKey());
                assertFalse(field.getValue().isNull(), field.getKey() + " is null while a track is loaded: " + state);
            }
        }
        assertTrue(state.has("sleep_timer_ends_at"), state.toString());
    }
}
