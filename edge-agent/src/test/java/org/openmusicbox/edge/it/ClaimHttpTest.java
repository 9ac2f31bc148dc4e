package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * The first run over HTTP, as a parent's phone and an outsider on the Wi-Fi meet it: a new box is set up
 * with a name and a parent code, finished only by a hand at the box (the web's stand-in for the buttons, the
 * simulated reader); another phone logs in with the code; the reset gesture makes the box new again.
 */
class ClaimHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String CODE = "246810";

    private record Reply(int status, JsonNode body) {
        String errorType() {
            return body.path("error_type").asText();
        }

        JsonNode data() {
            return body.path("data");
        }
    }

    @TempDir
    Path tmp;

    private EdgeAgent agent;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private void start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                "omb.data-dir", tmp.resolve("data").toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false",
                "omb.setup.code-iterations", "1000"));
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
    }

    @Test
    void aNewBoxSaysSoAndRefusesEveryChangeUntilClaimed() throws Exception {
        start(Map.of());
        Reply setup = send("GET", "/api/setup", null, null);
        assertEquals(200, setup.status());
        assertEquals("unclaimed", setup.data().path("state").asText());
        assertFalse(setup.data().has("expires_at"));
        Reply info = send("GET", "/api/system/info", null, null);
        assertFalse(info.data().path("access").path("claimed").asBoolean(true));
        assertEquals("", info.data().path("box_name").asText("missing"));
        assertError(send("POST", "/api/playlists", null, "{\"title\":\"x\"}"), 403, "setup_required");
        assertError(send("POST", "/api/playlists", "any-token", "{\"title\":\"x\"}"), 403, "setup_required");
        assertError(send("POST", "/api/access/check", null, "{}"), 403, "setup_required");
        assertError(
                send("POST", "/api/access/login", null, "{\"parent_code\":\"" + CODE + "\"}"), 403, "setup_required");
        assertEquals(
                0,
                send("GET", "/api/playlists", null, null)
                        .data()
                        .path("playlists")
                        .size());
    }

    @Test
    void aClaimIsFinishedByTheButtonStandInAndASecondPhoneLogsInWithTheCode() throws Exception {
        start(Map.of());
        Reply waiting = claim("Lion box", CODE);
        assertEquals(202, waiting.status(), waiting.toString());
        assertEquals("waiting", waiting.data().path("state").asText());
        long expiresAt = waiting.data().path("expires_at").asLong();
        assertTrue(expiresAt > System.currentTimeMillis(), waiting.toString());

        Reply racer = claim("Outsider's box", "13579111");
        assertError(racer, 409, "setup_in_progress");
        assertEquals(expiresAt, racer.body().path("details").path("expires_at").asLong(), racer.toString());
        assertError(send("POST", "/api/playlists", null, "{\"title\":\"x\"}"), 403, "setup_required");

        press("play_pause");
        Reply claimed = awaitState("claimed");
        assertEquals("Lion box", claimed.data().path("box_name").asText());
        assertFalse(claimed.data().has("expires_at"));
        assertError(claim("Again", "99999999"), 409, "already_claimed");
        Reply info = send("GET", "/api/system/info", null, null);
        assertTrue(info.data().path("access").path("claimed").asBoolean());
        assertEquals("Lion box", info.data().path("box_name").asText());

        assertError(send("POST", "/api/playlists", null, "{\"title\":\"x\"}"), 401, "unauthorized");
        assertError(login("246811"), 401, "unauthorized");
        assertError(login(""), 400, "validation_error");
        Reply in = login(CODE);
        assertEquals(200, in.status(), in.toString());
        String session = in.data().path("token").asText();
        assertEquals(43, session.length());
        assertEquals(
                201,
                send("POST", "/api/playlists", session, "{\"title\":\"Bedtime\"}")
                        .status());
        assertEquals(200, send("POST", "/api/access/check", session, "{}").status());
        assertError(send("POST", "/api/playlists", CODE, "{\"title\":\"x\"}"), 401, "unauthorized");

        String other = login(CODE).data().path("token").asText();
        assertEquals(200, send("POST", "/api/access/logout", session, "{}").status());
        assertError(send("POST", "/api/access/check", session, "{}"), 401, "unauthorized");
        assertEquals(200, send("POST", "/api/access/check", other, "{}").status(), "another phone stays logged in");
    }

    @Test
    void aTagOnTheSimulatedReaderFinishesAClaimToo() throws Exception {
        start(Map.of());
        assertEquals(202, claim("Tag box", "a long passphrase").status());
        assertEquals(
                200,
                send("POST", "/api/nfc/simulator/tags/04a22b1c", null, null).status());
        awaitState("claimed");
        assertEquals(200, login("a long passphrase").status());
    }

    @Test
    void withoutAHandInTimeTheBoxStaysNewAndALatePressClaimsNothing() throws Exception {
        start(Map.of("omb.setup.presence-ms", "300"));
        assertEquals(202, claim("Slow box", CODE).status());
        awaitState("unclaimed");
        press("next");
        assertEquals(
                "unclaimed",
                send("GET", "/api/setup", null, null).data().path("state").asText());
        assertError(send("POST", "/api/playlists", null, "{\"title\":\"x\"}"), 403, "setup_required");
        assertEquals(202, claim("Slow box", CODE).status(), "the parent may try again");
    }

    @Test
    void badClaimsAreRefusedByFieldAndChangeNothing() throws Exception {
        start(Map.of("omb.http.max-body-bytes", "4096"));
        List<String> bodies = List.of(
                "{\"box_name\":\"\",\"parent_code\":\"246810\"}",
                "{\"box_name\":\"   \",\"parent_code\":\"246810\"}",
                "{\"box_name\":\"" + "x".repeat(41) + "\",\"parent_code\":\"246810\"}",
                "{\"box_name\":\"Box\",\"parent_code\":\"12345\"}",
                "{\"box_name\":\"Box\",\"parent_code\":\"short\"}",
                "{\"box_name\":\"Box\",\"parent_code\":246810}",
                "{\"box_name\":7,\"parent_code\":\"246810\"}",
                "{\"box_name\":\"Box\"}",
                "{}");
        for (String body : bodies) {
            Reply r = send("POST", "/api/setup/claim", null, body);
            assertError(r, 400, "validation_error");
            assertTrue(r.body().path("errors").size() >= 1, body + " names its field: " + r);
        }
        assertError(send("POST", "/api/setup/claim", null, "[1]"), 400, "bad_request");
        assertError(send("POST", "/api/setup/claim", null, "not json"), 400, "bad_request");
        Reply huge = send(
                "POST",
                "/api/setup/claim",
                null,
                "{\"box_name\":\"Box\",\"parent_code\":\"" + "1".repeat(10_000) + "\"}");
        assertEquals(413, huge.status(), huge.toString());
        assertEquals(
                "unclaimed",
                send("GET", "/api/setup", null, null).data().path("state").asText());
    }

    @Test
    void holdingPreviousAndNextResetsTheBoxAndKeepsTheLibrary() throws Exception {
        start(Map.of("omb.setup.reset-hold-ms", "300"));
        claim("Lion box", CODE);
        press("play_pause");
        awaitState("claimed");
        String session = login(CODE).data().path("token").asText();
        assertEquals(
                201,
                send("POST", "/api/playlists", session, "{\"title\":\"Bedtime\"}")
                        .status());

        assertEquals(
                200,
                send("POST", "/api/controls/simulator/buttons/previous/down", null, null)
                        .status());
        assertEquals(
                200,
                send("POST", "/api/controls/simulator/buttons/next/down", null, null)
                        .status());
        Reply reset = awaitState("unclaimed");
        send("POST", "/api/controls/simulator/buttons/next/up", null, null);
        send("POST", "/api/controls/simulator/buttons/previous/up", null, null);
        assertEquals("Lion box", reset.data().path("box_name").asText(), "the name is kept");
        assertError(send("POST", "/api/playlists", session, "{\"title\":\"x\"}"), 403, "setup_required");
        JsonNode playlists = send("GET", "/api/playlists", null, null).data().path("playlists");
        assertEquals("Bedtime", playlists.get(0).path("title").asText(), "the library is kept");

        claim("Lion box", "13572468");
        press("next");
        awaitState("claimed");
        assertError(login(CODE), 401, "unauthorized");
        assertEquals(200, login("13572468").status(), "the new code works");
    }

    @Test
    void aTagThatPlaysNothingLeftOnTheReaderResetsTheBox() throws Exception {
        start(Map.of("omb.setup.reset-hold-ms", "300"));
        claim("Lion box", CODE);
        press("next");
        awaitState("claimed");
        send("POST", "/api/nfc/simulator/tags/04dead01", null, null);
        awaitState("unclaimed");
    }

    @Test
    void tenWrongCodesLockTheDeviceOutEvenWithTheRightOne() throws Exception {
        start(Map.of());
        claim("Box", CODE);
        press("next");
        awaitState("claimed");
        for (int i = 0; i < 10; i++) {
            assertError(login("99999" + i), 401, "unauthorized");
        }
        assertError(login(CODE), 429, "rate_limit_error");
    }

    @Test
    void aConfiguredTokenCountsAsClaimedAndIsNoSession() throws Exception {
        start(Map.of("omb.auth.token", "script-token-1"));
        assertEquals(
                "claimed",
                send("GET", "/api/setup", null, null).data().path("state").asText());
        assertError(claim("Box", CODE), 409, "already_claimed");
        assertEquals(
                201,
                send("POST", "/api/playlists", "script-token-1", "{\"title\":\"x\"}")
                        .status());
        assertEquals(200, login("script-token-1").status(), "the token is also accepted as a code");
    }

    @Test
    void anOlderInstallsPrintedTokenStillWorks() throws Exception {
        try (Database db = Database.open(tmp.resolve("data"))) {
            // The hash an older box stored for the token it printed: salt:sha256(salt + token), hex.
            byte[] salt = new byte[16];
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            new SqliteTokenStore(db)
                    .save(java.util.HexFormat.of().formatHex(salt) + ":"
                            + java.util.HexFormat.of().formatHex(sha.digest("abcde-fghjk-mnpqr".getBytes())));
        }
        start(Map.of());
        assertEquals(
                "claimed",
                send("GET", "/api/setup", null, null).data().path("state").asText());
        assertEquals(
                201,
                send("POST", "/api/playlists", "abcde-fghjk-mnpqr", "{\"title\":\"x\"}")
                        .status());
        String session = login("abcde-fghjk-mnpqr").data().path("token").asText();
        assertEquals(200, send("POST", "/api/access/check", session, "{}").status());
    }

    // ---- helpers

    private Reply claim(String name, String code) throws Exception {
        return send(
                "POST",
                "/api/setup/claim",
                null,
                "{\"box_name\":" + JSON.toJson(name) + ",\"parent_code\":" + JSON.toJson(code) + "}");
    }

    private Reply login(String code) throws Exception {
        return send("POST", "/api/access/login", null, "{\"parent_code\":" + JSON.toJson(code) + "}");
    }

    private void press(String button) throws Exception {
        assertEquals(
                200,
                send("POST", "/api/controls/simulator/buttons/" + button + "/down", null, null)
                        .status());
        assertEquals(
                200,
                send("POST", "/api/controls/simulator/buttons/" + button + "/up", null, null)
                        .status());
    }

    private Reply awaitState(String state) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        Reply last;
        do {
            last = send("GET", "/api/setup", null, null);
            if (state.equals(last.data().path("state").asText())) {
                return last;
            }
            Thread.sleep(20); // between polls of a condition with a deadline, not a guess at timing
        } while (System.nanoTime() < end);
        throw new AssertionError("the box never became " + state + "; last: " + last);
    }

    private Reply send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(r.body(), StandardCharsets.UTF_8);
        return new Reply(
                r.statusCode(), JSON.readTree((text.isEmpty() ? "{}" : text).getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertError(Reply r, int status, String type) {
        assertEquals(status, r.status(), r.toString());
        assertEquals("error", r.body().path("status").asText(), r.toString());
        assertEquals(type, r.errorType(), r.toString());
    }
}
