package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.api.RawHttp;
import org.openmusicbox.edge.audio.ToneFiles;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.edge.youtube.StandInCloud;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;

/**
 * The box as an outsider on the home Wi-Fi tries it over HTTP, with the path written exactly as sent
 * ({@link Requests}): every route that changes something, under every spelling of its path, with no
 * token and a wrong one, in every content type a page from another site can send without asking
 * first. Nothing may succeed and nothing may change; then the same route, written plainly with the
 * parent's token, must work, so that each refusal was the guard's doing and not a broken request.
 */
class OutsiderHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String TOKEN = "parent-token-for-tests";
    private static final String WRONG = "not-the-parent-token";
    private static final String RELAY = "http://relay.example:9000";
    private static final String PARENT = "127.0.0.1";
    private static final String GUEST = "127.0.0.2";
    private static final String BOUNDARY = "----omb-outsider";
    /** What a page on another site can send without a preflight, and what the API expects. */
    private static final List<String> CONTENT_TYPES =
            List.of("application/json", "text/plain", "application/x-www-form-urlencoded");

    private static final long TRACK_MS = 180_000;

    @TempDir
    Path tmp;

    private EdgeAgent agent;
    private Requests http;
    private String tones;
    private String other;
    private String spare;
    private int wrongTokensSent;
    /** The matrix's cloud, so that a YouTube import can work for the parent; null elsewhere. */
    private TestBroker broker;

    private StandInCloud cloud;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    // ---- the matrix

    @Test
    void noSpellingOfAnyChangingRouteWorksWithoutTheTokenAndNothingChanges() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        cloud = StandInCloud.of(broker.url(), "box-outsider");
        start(Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", "box-outsider"));
        awaitCloud();
        Map<String, String> context = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (Step step : changes(context)) {
            String path = step.path().get();
            byte[] body = step.body().get();
            JsonNode before = snapshot();
            List<String> types = new ArrayList<>(CONTENT_TYPES);
            if (!types.contains(step.contentType())) {
                types.add(step.contentType());
            }
            for (String spelling : spellings(path)) {
                for (String token : new String[] {null, WRONG}) {
                    for (String type : types) {
                        RawHttp.Response r = http.send(from(token), step.method(), spelling, bearer(token), type, body);
                        tried++;
                        String problem = refusalProblem(r);
                        if (problem != null) {
                            failures.add(
                                    step.method() + " " + spelling + " token=" + token + " " + type + ": " + problem);
                        }
                    }
                }
            }
            assertEquals(before, snapshot(), "refused " + step.method() + " " + path + " changed something");
            RawHttp.Response ok = http.send(PARENT, step.method(), path, bearer(TOKEN), step.contentType(), body);
            assertTrue(ok.success(), "with the token, " + step.method() + " " + path + " works: " + ok);
            step.after()
                    .accept(JSON.readTree(ok.body().getBytes(StandardCharsets.UTF_8))
                            .path("data"));
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + tried + " refusals failed, e.g.\n"
                        + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertTrue(tried > 3000, "the matrix ran (" + tried + " requests)");
        // Refused imports sent nothing: the one the cloud got first is the parent's, and no other follows it.
        List<Object> requests = cloud.await(r -> !r.isEmpty(), java.time.Duration.ofSeconds(20), "the parent's import");
        assertEquals(1, requests.size(), "requests: " + requests);
        assertEquals(context.get("youtube"), ((YoutubeRequest) requests.get(0)).taskId());
    }

    /**
     * A box nobody has claimed yet: every changing route, under every spelling, with no credential and with
     * one, is refused (the plain spelling with 403 {@code setup_required}) and nothing changes.
     */
    @Test
    void onABoxNobodyHasClaimedNoChangingRouteWorksAndNothingChanges() throws Exception {
        start(Map.of("omb.auth.token", ""));
        Map<String, String> context = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int tried = 0;
        JsonNode before = snapshot();
        for (Step step : changes(context)) {
            String path = step.path().get();
            byte[] body = step.body().get();
            for (String spelling : spellings(path)) {
                for (String token : new String[] {null, WRONG, TOKEN}) {
                    RawHttp.Response r =
                            http.send(from(token), step.method(), spelling, bearer(token), step.contentType(), body);
                    tried++;
                    String problem = refusalProblem(r);
                    if (problem == null && spelling.equals(path) && !r.body().contains("\"setup_required\"")) {
                        problem = "not setup_required: " + r;
                    }
                    if (problem != null) {
                        failures.add(step.method() + " " + spelling + " token=" + token + ": " + problem);
                    }
                }
            }
        }
        assertEquals(before, snapshot(), "a refused request changed something");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + tried + " refusals failed, e.g.\n"
                        + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertTrue(tried > 1000, "the matrix ran (" + tried + " requests)");
    }

    private void awaitCloud() throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!parentGet("/api/health")
                .path("components")
                .path("cloud")
                .asText()
                .equals("connected")) {
            if (System.nanoTime() > end) {
                fail("the box did not connect to the test's broker: " + parentGet("/api/health"));
            }
            Thread.sleep(25); // between polls of a condition with a deadline
        }
    }

    @Test
    void withReadingClosedNoSpellingOfAnyReadRouteShowsAnythingWithoutTheToken() throws Exception {
        start(Map.of("omb.auth.read-open", "false"));
        String session = createUploadSession();
        List<String> reads = List.of(
                "/api/playlists",
                "/api/playlists/",
                "/api/playlists/" + tones,
                "/api/player/status",
                "/api/player/volume",
                "/api/player/settings",
                "/api/playlists/nfc/04a22b1c",
                "/api/nfc/status",
                "/api/playlists/" + tones + "/uploads/" + session,
                "/api/uploads/sessions");
        http.send(
                PARENT,
                "POST",
                "/api/nfc/associate",
                bearer(TOKEN),
                "application/json",
                json("{\"playlist_id\":\"" + tones + "\",\"tag_id\":\"04a22b1c\"}"));
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (String path : reads) {
            for (String spelling : spellings(path)) {
                for (String token : new String[] {null, WRONG}) {
                    RawHttp.Response r = http.send(from(token), "GET", spelling, bearer(token), null, null);
                    tried++;
                    String problem = refusalProblem(r);
                    if (problem == null
                            && (r.body().contains("\"Tones\"") || r.body().contains("long tones"))) {
                        problem = "shows the library: " + r.body();
                    }
                    if (problem != null) {
                        failures.add("GET " + spelling + " token=" + token + ": " + problem);
                    }
                }
            }
            RawHttp.Response ok = http.send(PARENT, "GET", path, bearer(TOKEN), null, null);
            assertTrue(ok.success(), "with the token, GET " + path + " works: " + ok);
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + tried + " refusals failed, e.g.\n"
                        + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        // what the page needs before a parent signs in stays open: health, and the socket port and access mode
        assertEquals(
                200,
                http.send(GUEST, "GET", "/api/health", Map.of(), null, null).status());
        JsonNode info = data(http.send(GUEST, "GET", "/api/system/info", Map.of(), null, null));
        assertFalse(info.path("access").path("read_open").asBoolean(true), info.toString());
        assertTrue(info.path("endpoints").path("socketio_port").asInt() > 0, info.toString());
    }

    @Test
    void systemDetailsAreOnlyForTheParent() throws Exception {
        start(Map.of());
        JsonNode guest = data(http.send(GUEST, "GET", "/api/system/info", Map.of(), null, null));
        assertTrue(guest.path("endpoints").path("socketio_port").asInt() > 0, guest.toString());
        assertEquals("token", guest.path("access").path("mode").asText(), guest.toString());
        for (String detail : List.of("hostname", "system_info", "version", "uptime")) {
            assertTrue(guest.path(detail).isMissingNode(), detail + " is not shown to a guest: " + guest);
        }
        JsonNode wrong = data(http.send(from(WRONG), "GET", "/api/system/info", bearer(WRONG), null, null));
        assertTrue(wrong.path("hostname").isMissingNode(), wrong.toString());
        JsonNode parent = data(http.send(PARENT, "GET", "/api/system/info", bearer(TOKEN), null, null));
        assertEquals(
                System.getProperty("java.version"),
                parent.path("system_info").path("java_version").asText());
        assertFalse(parent.path("hostname").asText().isEmpty(), parent.toString());
    }

    // ---- budgets

    @Test
    void anAddressThatSpendsItsBudgetGets429WhileOtherAddressesAndTheParentAreServed() throws Exception {
        start(Map.of(
                "omb.http.budget.guest-burst",
                "20",
                "omb.http.budget.guest-per-minute",
                "1",
                "omb.http.budget.parent-burst",
                "200",
                "omb.http.budget.parent-per-minute",
                "1"));
        String flood = "127.0.0.3";
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    200,
                    http.send(flood, "GET", "/api/health", Map.of(), null, null).status(),
                    "request " + i);
        }
        RawHttp.Response refused = http.send(flood, "GET", "/api/health", Map.of(), null, null);
        assertError(refused, 429, "rate_limit_error");
        assertEquals("60", refused.header("Retry-After"), "one request a minute comes back");
        // every path spends from the same budget, spelled plainly or not
        assertError(
                http.send(flood, "POST", "/api;x/playlists", Map.of(), "text/plain", json("{\"title\":\"x\"}")),
                429,
                "rate_limit_error");
        assertError(http.send(flood, "GET", "/no/such/page", Map.of(), null, null), 429, "rate_limit_error");

        assertEquals(
                200,
                http.send("127.0.0.4", "GET", "/api/health", Map.of(), null, null)
                        .status(),
                "another address is not slowed by the flood");
        assertError(
                http.send("127.0.0.4", "POST", "/api;x/playlists", Map.of(), "text/plain", json("{\"title\":\"x\"}")),
                404,
                "not_found");
        assertEquals(
                201,
                http.send(
                                flood,
                                "POST",
                                "/api/playlists",
                                bearer(TOKEN),
                                "application/json",
                                json("{\"title\":\"Made by the parent\"}"))
                        .status(),
                "the parent's budget is not the guests'");
    }

    @Test
    void the31stPlayerControlInAMinuteIs429PerAddressWhateverThePathSpellingAndTagsAreNotLimited() throws Exception {
        start(Map.of());
        String child = "127.0.0.5";
        String[] controls = {"play", "pause", "stop", "toggle", "next", "previous"};
        for (int i = 0; i < 30; i++) {
            // nothing loaded: most controls are a conflict, but each was pressed and counts
            RawHttp.Response r = http.send(
                    child,
                    "POST",
                    "/api/player/" + controls[i % controls.length],
                    bearer(TOKEN),
                    "application/json",
                    json("{}"));
            assertTrue(r.status() != 429 && r.status() < 500, "control " + (i + 1) + ": " + r);
        }
        RawHttp.Response refused =
                http.send(child, "POST", "/api/player/play", bearer(TOKEN), "application/json", json("{}"));
        assertError(refused, 429, "rate_limit_error");
        assertEquals(
                "Too many player control requests. Please slow down.",
                JSON.readTree(refused.body().getBytes(StandardCharsets.UTF_8))
                        .path("message")
                        .asText());
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        for (String control : controls) {
            assertError(
                    http.send(child, "POST", "/api/player/" + control, bearer(TOKEN), "application/json", json("{}")),
                    429,
                    "rate_limit_error");
        }
        for (String spelling : spellings("/api/player/play")) {
            RawHttp.Response r = http.send(child, "POST", spelling, bearer(TOKEN), "application/json", json("{}"));
            assertTrue(r.status() == 429 || r.status() == 404, spelling + ": " + r);
        }
        assertEquals(
                200,
                http.send(
                                child,
                                "POST",
                                "/api/player/volume",
                                bearer(TOKEN),
                                "application/json",
                                json("{\"volume\":20}"))
                        .status(),
                "volume is not a control the limit counts");
        assertError(
                http.send("127.0.0.6", "POST", "/api/player/play", bearer(TOKEN), "application/json", json("{}")),
                409,
                "conflict");

        // the tag reader is the child's own control: placing a tag, from the limited address too, always plays
        assertEquals(
                200,
                http.send(
                                PARENT,
                                "POST",
                                "/api/nfc/associate",
                                bearer(TOKEN),
                                "application/json",
                                json("{\"playlist_id\":\"" + tones + "\",\"tag_id\":\"04a22b1c\"}"))
                        .status());
        for (int i = 0; i < 31; i++) {
            assertEquals(
                    200,
                    http.send(child, "POST", "/api/nfc/simulator/tags/04a22b1c", Map.of(), null, null)
                            .status());
            awaitPlayer("playing", "placement " + (i + 1));
            assertEquals(
                    200,
                    http.send(child, "DELETE", "/api/nfc/simulator/tags/04a22b1c", Map.of(), null, null)
                            .status());
            awaitPlayer("paused", "lift " + (i + 1));
        }
    }

    /** Waits, with a deadline, for the player to be in {@code state}. */
    private void awaitPlayer(String state, String what) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state.equals(parentGet("/api/player/status").path("state").asText())) {
            assertTrue(System.nanoTime() < deadline, "player not " + state + " within 10 s: " + what);
            Thread.onSpinWait();
        }
    }

    // ---- origins

    @Test
    void onlyTheConfiguredOriginGetsCorsAndAnyOtherOriginIsRefusedBeforeAnythingChanges() throws Exception {
        start(Map.of());
        RawHttp.Response preflight = http.send(
                GUEST,
                "OPTIONS",
                "/api/playlists",
                Map.of(
                        "Origin",
                        RELAY,
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "authorization, content-type"),
                null,
                null);
        assertEquals(200, preflight.status(), preflight.toString());
        assertEquals(RELAY, preflight.header("Access-Control-Allow-Origin"));
        assertNull(preflight.header("Access-Control-Allow-Credentials"), "never credentials");
        RawHttp.Response read = http.send(GUEST, "GET", "/api/playlists", Map.of("Origin", RELAY), null, null);
        assertEquals(200, read.status());
        assertEquals(RELAY, read.header("Access-Control-Allow-Origin"));

        JsonNode before = snapshot();
        for (String origin : List.of(
                "http://evil.example:8080",
                "null",
                "http://127.0.0.1.evil.example",
                "*",
                RELAY + ".evil.example",
                "http://relay.example:9001")) {
            RawHttp.Response pre = http.send(
                    GUEST,
                    "OPTIONS",
                    "/api/playlists",
                    Map.of("Origin", origin, "Access-Control-Request-Method", "POST"),
                    null,
                    null);
            assertError(pre, 403, "forbidden");
            assertNull(pre.header("Access-Control-Allow-Origin"), origin);
            for (String type : CONTENT_TYPES) {
                Map<String, String> headers = new LinkedHashMap<>(bearer(TOKEN));
                headers.put("Origin", origin);
                assertError(
                        http.send(PARENT, "POST", "/api/playlists", headers, type, json("{\"title\":\"Evil\"}")),
                        403,
                        "forbidden");
                assertError(
                        http.send(PARENT, "DELETE", "/api/playlists/" + spare, headers, type, json("{}")),
                        403,
                        "forbidden");
            }
            assertError(
                    http.send(GUEST, "GET", "/api/playlists", Map.of("Origin", origin), null, null), 403, "forbidden");
        }
        assertEquals(before, snapshot(), "requests from other origins changed nothing");

        Map<String, String> fromRelay = new LinkedHashMap<>(bearer(TOKEN));
        fromRelay.put("Origin", RELAY);
        RawHttp.Response relayed = http.send(
                PARENT,
                "POST",
                "/api/playlists",
                fromRelay,
                "application/json",
                json("{\"title\":\"From the relay\"}"));
        assertEquals(201, relayed.status(), relayed.toString());
        assertEquals(RELAY, relayed.header("Access-Control-Allow-Origin"));
        Map<String, String> sameOrigin = new LinkedHashMap<>(bearer(TOKEN));
        sameOrigin.put("Origin", "http://127.0.0.1:" + agent.httpPort());
        assertEquals(
                201,
                http.send(
                                PARENT,
                                "POST",
                                "/api/playlists",
                                sameOrigin,
                                "application/json",
                                json("{\"title\":\"From the box's page\"}"))
                        .status(),
                "the box's own page needs no CORS");
    }

    // ---- the routes that change something, in an order in which each, sent by the parent, works

    private record Step(
            String method,
            Supplier<String> path,
            Supplier<byte[]> body,
            String contentType,
            Consumer<JsonNode> after) {}

    private static Step step(String method, Supplier<String> path, Supplier<String> body) {
        return new Step(method, path, () -> json(body.get()), "application/json", d -> {});
    }

    private List<Step> changes(Map<String, String> context) throws IOException {
        byte[] upload = Files.readAllBytes(ToneFiles.wav(tmp, "Upload.wav", 550, 1_000, 8_000, 1));
        List<Step> steps = new ArrayList<>();
        steps.add(step("POST", () -> "/api/playlists", () -> "{\"title\":\"Made by the parent\"}"));
        steps.add(step("POST", () -> "/api/playlists/", () -> "{\"title\":\"Made again\"}"));
        steps.add(step(
                "PUT", () -> "/api/playlists/" + tones, () -> "{\"title\":\"Tones renamed\",\"description\":\"d\"}"));
        steps.add(step("POST", () -> "/api/playlists/" + tones + "/reorder", () -> {
            List<String> ids = trackIds(tones);
            return "{\"track_order\":[\"" + ids.get(2) + "\",\"" + ids.get(1) + "\",\"" + ids.get(0) + "\"]}";
        }));
        steps.add(step(
                "POST",
                () -> "/api/playlists/" + tones + "/move-track",
                () -> "{\"target_playlist_id\":\"" + other + "\",\"track_number\":1}"));
        steps.add(step(
                "POST",
                () -> "/api/playlists/move-track",
                () -> "{\"source_playlist_id\":\"" + other + "\",\"target_playlist_id\":\"" + tones
                        + "\",\"track_number\":1}"));
        steps.add(step("DELETE", () -> "/api/playlists/" + tones + "/tracks", () -> "{\"track_numbers\":[3]}"));
        steps.add(step("POST", () -> "/api/playlists/sync", () -> "{}"));
        steps.add(step(
                "POST",
                () -> "/api/nfc/associate",
                () -> "{\"playlist_id\":\"" + tones + "\",\"tag_id\":\"04a22b1c\"}"));
        steps.add(step("PUT", () -> "/api/nfc/tags/04a22b1c/name", () -> "{\"name\":\"Lion card\"}"));
        steps.add(step("POST", () -> "/api/playlists/nfc/04b33c4d/associate/" + other, () -> "{}"));
        steps.add(step("DELETE", () -> "/api/nfc/associate/04a22b1c", () -> "{}"));
        steps.add(step("DELETE", () -> "/api/playlists/nfc/" + other, () -> "{}"));
        steps.add(new Step(
                "POST",
                () -> "/api/nfc/scan",
                () -> json("{\"playlist_id\":\"" + tones + "\"}"),
                "application/json",
                d -> context.put("scan", d.path("scan_id").asText())));
        steps.add(step("DELETE", () -> "/api/nfc/session/" + context.get("scan"), () -> "{}"));
        steps.add(step("PUT", () -> "/api/player/settings", () -> "{\"max_volume\":80,\"resume\":false}"));
        steps.add(step("POST", () -> "/api/player/volume", () -> "{\"volume\":30}"));
        steps.add(step("POST", () -> "/api/player/repeat", () -> "{\"mode\":\"all\"}"));
        steps.add(step("POST", () -> "/api/player/shuffle", () -> "{\"enabled\":true}"));
        steps.add(step("POST", () -> "/api/player/sleep-timer", () -> "{\"minutes\":30}"));
        steps.add(step("POST", () -> "/api/playlists/" + tones + "/start", () -> "{}"));
        for (String button : List.of("pause", "play", "toggle", "toggle", "next", "previous")) {
            steps.add(step("POST", () -> "/api/player/" + button, () -> "{}"));
        }
        steps.add(step("POST", () -> "/api/player/seek", () -> "{\"position_ms\":1000}"));
        steps.add(step("POST", () -> "/api/player/stop", () -> "{}"));
        steps.add(step("POST", () -> "/api/playlists/" + tones + "/play/2", () -> "{}"));
        steps.add(step("POST", () -> "/api/player/pause", () -> "{}"));
        steps.add(new Step(
                "POST",
                () -> "/api/playlists/" + tones + "/uploads/session",
                () -> json("{\"filename\":\"Upload.wav\",\"file_size\":" + upload.length + "}"),
                "application/json",
                d -> context.put("upload", d.path("session_id").asText())));
        steps.add(new Step(
                "PUT",
                () -> "/api/playlists/" + tones + "/uploads/" + context.get("upload") + "/chunks/0",
                () -> multipart(upload),
                "multipart/form-data; boundary=" + BOUNDARY,
                d -> {}));
        steps.add(step(
                "POST",
                () -> "/api/playlists/" + tones + "/uploads/" + context.get("upload") + "/finalize",
                () -> "{}"));
        steps.add(new Step(
                "POST",
                () -> "/api/playlists/" + other + "/uploads/session",
                () -> json("{\"filename\":\"Later.wav\",\"file_size\":1000}"),
                "application/json",
                d -> context.put("abandoned", d.path("session_id").asText())));
        steps.add(step("DELETE", () -> "/api/uploads/sessions/" + context.get("abandoned"), () -> "{}"));
        steps.add(step("POST", () -> "/api/uploads/cleanup", () -> "{}"));
        steps.add(new Step(
                "POST",
                () -> "/api/youtube/download",
                () -> json(
                        "{\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"playlist_id\":\"" + tones + "\"}"),
                "application/json",
                d -> context.put("youtube", d.path("task_id").asText())));
        steps.add(step("PUT", () -> "/api/remote", () -> "{\"enabled\":true}"));
        steps.add(new Step(
                "POST",
                () -> "/api/remote/pairing",
                () -> json("{}"),
                "application/json",
                d -> context.put("phone", pairedPhone(d.path("code").asText()))));
        steps.add(step("DELETE", () -> "/api/remote/phones/" + context.get("phone"), () -> "{}"));
        steps.add(step("POST", () -> "/api/access/check", () -> "{}"));
        steps.add(step("DELETE", () -> "/api/playlists/" + spare, () -> "{}"));
        return steps;
    }

    // ---- spellings

    /**
     * The path as the router would read it, written in every other way an outsider might try: the
     * plain spelling itself (without the token), {@code ;parameters}, percent-escaped letters,
     * doubled slashes, dot segments (also behind a prefix that used to be open), case, a trailing
     * {@code /} and {@code ;x}, escaped slashes and dots.
     */
    static List<String> spellings(String path) {
        String rest = path.substring("/api".length());
        String segment = rest.substring(1);
        int letter = 0;
        while (!Character.isLetter(segment.charAt(letter))) {
            letter++;
        }
        String escapedLetter = segment.substring(0, letter)
                + String.format("%%%02x", (int) segment.charAt(letter))
                + segment.substring(letter + 1);
        return List.of(
                path,
                "/api;x" + rest,
                "/api;jsessionid=1" + rest,
                path + ";x",
                path + "/;x",
                "/%61pi" + rest,
                "/%41PI" + rest,
                "/api/" + escapedLetter,
                "/" + path,
                "/api/" + rest,
                path.replaceFirst("/([^/]+)$", "//$1"),
                "/api/." + rest,
                "/api/x/.." + rest,
                "/api/nfc/simulator/../.." + rest,
                "/api/%2e" + rest,
                "/api/%2E%2E/api" + rest,
                "/API" + rest,
                "/Api" + rest,
                "/api" + rest.toUpperCase(Locale.ROOT),
                path + "/",
                path + "%2F",
                "/api%2F" + segment,
                path + "?x=1",
                path + "#x");
    }

    // ---- the agent and what it holds

    private void start(Map<String, String> overrides) throws IOException {
        Path data = tmp.resolve("data");
        try (Database db = Database.open(data)) {
            SqliteLibrary library = new SqliteLibrary(db);
            tones = library.create("Tones", "three long tones").id();
            other = library.create("Other", "one tone").id();
            spare = library.create("Spare", "empty").id();
            Path media = library.mediaDir();
            add(library, tones, "One", ToneFiles.wav(media, "one.wav", 440, TRACK_MS, 8_000, 1));
            add(library, tones, "Two", ToneFiles.wav(media, "two.wav", 660, TRACK_MS, 8_000, 1));
            add(library, tones, "Three", ToneFiles.wav(media, "three.wav", 550, TRACK_MS, 8_000, 1));
            add(library, other, "Four", ToneFiles.wav(media, "four.wav", 330, TRACK_MS, 8_000, 1));
        }
        Map<String, String> props = new HashMap<>(Map.ofEntries(
                Map.entry("omb.auth.mode", "token"),
                Map.entry("omb.auth.token", TOKEN),
                Map.entry("omb.data-dir", data.toString()),
                Map.entry("omb.bind", "127.0.0.1"),
                Map.entry("omb.http.port", "0"),
                Map.entry("omb.socketio.port", "0"),
                Map.entry("omb.audio.output", "silent"),
                Map.entry("omb.nfc.reader", "simulated"),
                Map.entry("omb.controls.enabled", "false"),
                Map.entry("omb.http.allowed-origins", RELAY),
                // budgets have their own test; the matrix sends thousands of requests from few addresses
                Map.entry("omb.http.budget.guest-burst", "1000000"),
                Map.entry("omb.http.budget.guest-per-minute", "1000000")));
        props.putAll(overrides);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
        http = new Requests(agent.httpPort());
    }

    private static void add(Library library, String playlist, String title, Path file) throws IOException {
        library.addTrack(
                        playlist,
                        new Library.NewTrack(
                                title,
                                file.getFileName().toString(),
                                file.toAbsolutePath().toString(),
                                TRACK_MS,
                                "Test",
                                "Tones",
                                Files.size(file)))
                .orElseThrow();
    }

    /** Everything a refused request could have changed: the library, the player, tag links, uploads, files. */
    private JsonNode snapshot() throws IOException {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        ObjectNode playlists = all.putObject("playlists");
        for (JsonNode p : parentGet("/api/playlists?limit=200").path("playlists")) {
            String id = p.path("id").asText();
            playlists.set(id, parentGet("/api/playlists/" + id));
        }
        ObjectNode player = (ObjectNode) parentGet("/api/player/status");
        player.remove(List.of("position_ms", "server_seq"));
        all.set("player", player);
        all.set("settings", parentGet("/api/player/settings"));
        all.set("nfc", parentGet("/api/nfc/status"));
        all.set("tags", parentGet("/api/nfc/tags"));
        all.set("uploads", parentGet("/api/uploads/sessions"));
        // Remote access is the parent's alone to read: on a box nobody has claimed, its refusal is what is kept.
        RawHttp.Response remoteReply = http.send(PARENT, "GET", "/api/remote", bearer(TOKEN), null, null);
        ObjectNode remote = all.putObject("remote");
        if (remoteReply.success()) {
            JsonNode state = data(remoteReply);
            remote.set("enabled", state.path("enabled"));
            remote.set("pairing_expires_at", state.path("pairing").path("expires_at"));
            remote.set("phones", state.path("phones"));
        } else {
            remote.put("refused", remoteReply.status());
        }
        ObjectNode files = all.putObject("files");
        Path data = tmp.resolve("data");
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = data.relativize(file).toString();
                if (!name.startsWith("library.db")) {
                    files.put(name, Files.size(file));
                }
            }
        }
        return all;
    }

    private JsonNode parentGet(String path) throws IOException {
        return data(http.send(PARENT, "GET", path, bearer(TOKEN), null, null));
    }

    private List<String> trackIds(String playlist) {
        try {
            List<String> ids = new ArrayList<>();
            parentGet("/api/playlists/" + playlist)
                    .path("tracks")
                    .forEach(t -> ids.add(t.path("id").asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A phone sends the parent's pairing code back (an open route) and is paired; its id. */
    private String pairedPhone(String code) {
        try {
            RawHttp.Response paired = http.send(
                    "127.0.0.7",
                    "POST",
                    "/api/remote/pair",
                    Map.of(),
                    "application/json",
                    json("{\"code\":\"" + code + "\",\"phone_name\":\"Phone\"}"));
            return data(paired).path("phone_id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String createUploadSession() throws IOException {
        return data(http.send(
                        PARENT,
                        "POST",
                        "/api/playlists/" + tones + "/uploads/session",
                        bearer(TOKEN),
                        "application/json",
                        json("{\"filename\":\"Song.wav\",\"file_size\":1000}")))
                .path("session_id")
                .asText();
    }

    // ---- requests and answers

    /** A guest without a token sends from one address; wrong tokens from a new address every nine, so none is locked out. */
    private String from(String token) {
        if (token == null) {
            return GUEST;
        }
        int n = wrongTokensSent++ / 9;
        return "127.1." + (n / 250) + "." + (n % 250 + 1);
    }

    private static Map<String, String> bearer(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    /** Null when {@code r} is an honest refusal: a 4xx with the error envelope. */
    private static String refusalProblem(RawHttp.Response r) {
        if (r.status() / 100 != 4) {
            return "answered " + r;
        }
        try {
            JsonNode body = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
            if (!"error".equals(body.path("status").asText())
                    || body.path("error_type").asText().isEmpty()) {
                return "no error envelope: " + r;
            }
        } catch (RuntimeException e) {
            return "no error envelope: " + r;
        }
        return null;
    }

    private static void assertError(RawHttp.Response r, int status, String type) {
        assertEquals(status, r.status(), r.toString());
        JsonNode body = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("error", body.path("status").asText(), r.toString());
        assertEquals(type, body.path("error_type").asText(), r.toString());
    }

    private static JsonNode data(RawHttp.Response r) {
        if (!r.success()) {
            fail("expected success: " + r);
        }
        return JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8)).path("data");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
