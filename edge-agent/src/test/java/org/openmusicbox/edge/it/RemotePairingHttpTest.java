package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.EdgeAgent;
import org.openmusicbox.edge.api.RawHttp;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.RemotePhones;

/**
 * Pairing a phone for remote access over HTTP, as the box's page and the phone (later through the relay) do it:
 * a parent logged in with the parent code turns remote access on and opens a code; the phone sends it back with
 * its name and gets its own credential, which then works as a parent's until the phone is removed or remote
 * access is turned off. Each device sends from its own loopback address ({@link Requests}), so lock-outs are
 * per device as on a real network.
 */
class RemotePairingHttpTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String TOKEN = "parent-token-for-pairing";
    private static final String HOME = "127.0.0.1";
    private static final String PHONE = "127.0.0.20";

    @TempDir
    Path tmp;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private EdgeAgent agent;
    private TestBroker broker;
    private Requests http;
    /** The parent's session, from a login with the parent code (the configured token works as one). */
    private String parent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * What a relay will check phones against: the box's list, retained on its own topic, with the SHA-256 of each
     * phone's credential and never the credential; kept up to date as phones come and go and the switch moves.
     */
    @Test
    void theBrokerHoldsTheBoxsPhoneListWithOnlyHashes() throws Exception {
        broker = TestBroker.start(tmp.resolve("broker"));
        start(Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", "box-phones"));
        RemotePhones last;
        try (PhoneListWatch relay = PhoneListWatch.of(broker.url(), "box-phones")) {
            relay.await(s -> !s.list().enabled() && s.list().phones().isEmpty(), WAIT, "off and empty on connect");
            data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
            relay.await(s -> s.list().enabled(), WAIT, "on");

            RawHttp.Response paired = pair(
                    PHONE,
                    data(send(HOME, "POST", "/api/remote/pairing", parent, "{}"))
                            .path("code")
                            .asText(),
                    "Dad's phone");
            String credential = data(paired).path("credential").asText();
            String phoneId = data(paired).path("phone_id").asText();
            RemotePhones.Phone listed = new RemotePhones.Phone(phoneId, sha256(credential));
            PhoneListWatch.Seen withPhone =
                    relay.await(s -> s.list().phones().equals(List.of(listed)), WAIT, "with the phone's hash");
            assertTrue(withPhone.list().enabled());
            String second = pairPhone("127.0.0.21", "Mum's phone");
            relay.await(s -> s.list().phones().size() == 2, WAIT, "with two phones");

            // Off pauses the phones: still listed, so turning it on again needs no new pairing.
            data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":false}"));
            relay.await(s -> !s.list().enabled() && s.list().phones().size() == 2, WAIT, "off with the phones listed");
            assertEquals(
                    200,
                    send(HOME, "DELETE", "/api/remote/phones/" + phoneId, parent, null)
                            .status());
            PhoneListWatch.Seen without = relay.await(
                    s -> s.list().phones().size() == 1 && !s.list().phones().contains(listed), WAIT, "without it");
            assertEquals(sha256(second), without.list().phones().get(0).credentialSha256());
            last = without.list();
            for (PhoneListWatch.Seen s : relay.all()) {
                assertFalse(s.text().contains(credential) || s.text().contains(second), "no credential: " + s);
                assertFalse(s.text().contains("phone_name"), "no names: " + s);
            }
        }
        // A relay that starts later gets the latest list at once, kept by the broker.
        try (PhoneListWatch later = PhoneListWatch.of(broker.url(), "box-phones")) {
            PhoneListWatch.Seen held = later.await(PhoneListWatch.Seen::retained, WAIT, "retained");
            assertEquals(last, held.list());
        }
    }

    @Test
    void aParentPairsAPhoneWhoseCredentialChangesTheBoxButNotRemoteAccess() throws Exception {
        start(Map.of());
        JsonNode off = data(send(HOME, "GET", "/api/remote", parent, null));
        assertFalse(off.path("enabled").asBoolean(true), "off by default: " + off);
        assertTrue(off.path("pairing").isNull());
        assertEquals(0, off.path("phones").size());

        JsonNode on = data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        assertTrue(on.path("enabled").asBoolean());
        RawHttp.Response opened = send(HOME, "POST", "/api/remote/pairing", parent, "{}");
        assertEquals(201, opened.status(), opened.toString());
        JsonNode code = data(opened);
        assertTrue(code.path("code").asText().matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}"), code.toString());
        long left = code.path("expires_in_ms").asLong();
        assertTrue(left > 590_000 && left <= 600_000, code.toString());
        JsonNode waiting = data(send(HOME, "GET", "/api/remote", parent, null));
        assertEquals(
                code.path("expires_at").asLong(),
                waiting.path("pairing").path("expires_at").asLong());
        assertFalse(waiting.path("pairing").has("code"), "the code is shown only to the page that asked for it");

        RawHttp.Response paired = pair(PHONE, code.path("code").asText().toLowerCase(), "Dad's phone");
        assertEquals(201, paired.status(), paired.toString());
        String credential = data(paired).path("credential").asText();
        String phoneId = data(paired).path("phone_id").asText();
        assertEquals(43, credential.length());
        assertError(pair("127.0.0.21", code.path("code").asText(), "Another"), 401, "unauthorized");

        RawHttp.Response made = send(PHONE, "POST", "/api/playlists", credential, "{\"title\":\"From away\"}");
        assertEquals(201, made.status(), made.toString());
        JsonNode phones = data(send(HOME, "GET", "/api/remote/phones", parent, null));
        assertEquals(1, phones.size(), phones.toString());
        assertEquals(phoneId, phones.get(0).path("phone_id").asText());
        assertEquals("Dad's phone", phones.get(0).path("phone_name").asText());
        assertTrue(phones.get(0).path("paired_at").asLong() > 0);
        assertTrue(phones.get(0).path("last_seen_at").asLong()
                >= phones.get(0).path("paired_at").asLong());
        JsonNode seenByPhone = data(send(PHONE, "GET", "/api/remote", credential, null));
        assertEquals(phoneId, seenByPhone.path("this_phone_id").asText());
        assertTrue(data(send(HOME, "GET", "/api/remote", parent, null))
                .path("this_phone_id")
                .isNull());

        // A lost phone cannot pair another, turn remote access back on, or remove the others.
        assertError(send(PHONE, "POST", "/api/remote/pairing", credential, "{}"), 403, "parent_code_required");
        assertError(send(PHONE, "PUT", "/api/remote", credential, "{\"enabled\":true}"), 403, "parent_code_required");
        assertError(
                send(PHONE, "DELETE", "/api/remote/phones/" + phoneId, credential, null), 403, "parent_code_required");
        assertEquals(
                1, data(send(HOME, "GET", "/api/remote/phones", parent, null)).size());
    }

    @Test
    void pairingNeedsRemoteAccessOnAndRefusesBadBodiesChangingNothing() throws Exception {
        start(Map.of());
        assertError(send(HOME, "POST", "/api/remote/pairing", parent, "{}"), 409, "remote_access_off");
        assertError(pair(PHONE, "ABCD-EFGH", "Phone"), 401, "unauthorized");
        for (String body : List.of("{}", "{\"enabled\":\"yes\"}", "{\"enabled\":1}", "{\"enabled\":null}")) {
            assertError(send(HOME, "PUT", "/api/remote", parent, body), 400, "validation_error");
        }
        assertError(send(HOME, "PUT", "/api/remote", parent, "not json"), 400, "bad_request");
        assertError(send(HOME, "PUT", "/api/remote", parent, "[true]"), 400, "bad_request");
        assertFalse(data(send(HOME, "GET", "/api/remote", parent, null))
                .path("enabled")
                .asBoolean(true));

        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        String code = data(send(HOME, "POST", "/api/remote/pairing", parent, "{}"))
                .path("code")
                .asText();
        RawHttp.Response missing = send(PHONE, "POST", "/api/remote/pair", null, "{}");
        assertError(missing, 400, "validation_error");
        assertTrue(missing.body().contains("\"code\"") && missing.body().contains("\"phone_name\""), missing.body());
        for (String body : List.of(
                "{\"code\":\"" + code + "\",\"phone_name\":\"" + "x".repeat(41) + "\"}",
                "{\"code\":\"" + code + "\",\"phone_name\":\"   \"}",
                "{\"code\":\"" + code + "\",\"phone_name\":\"Bad\\u202Ename\"}",
                "{\"code\":12345678,\"phone_name\":\"Phone\"}")) {
            assertError(send(PHONE, "POST", "/api/remote/pair", null, body), 400, "validation_error");
        }
        assertError(send(PHONE, "POST", "/api/remote/pair", null, "{\"code\":"), 400, "bad_request");
        assertError(send(HOME, "DELETE", "/api/remote/phones/phone-0000", parent, null), 404, "not_found");
        assertEquals(
                0, data(send(HOME, "GET", "/api/remote/phones", parent, null)).size());
        assertEquals(201, pair(PHONE, code, "Phone").status(), "the code survived the bad bodies");
    }

    @Test
    void aCodeLeftOpenTooLongIsRefused() throws Exception {
        start(Map.of("omb.setup.pairing-code-ms", "1000"));
        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        String code = data(send(HOME, "POST", "/api/remote/pairing", parent, "{}"))
                .path("code")
                .asText();
        long end = System.nanoTime() + 10_000_000_000L;
        while (!data(send(HOME, "GET", "/api/remote", parent, null))
                .path("pairing")
                .isNull()) {
            assertTrue(System.nanoTime() < end, "the code never closed");
            Thread.sleep(50); // between polls of a condition with a deadline, not a guess at timing
        }
        assertError(pair(PHONE, code, "Late phone"), 401, "unauthorized");
        assertEquals(
                0, data(send(HOME, "GET", "/api/remote/phones", parent, null)).size());
    }

    @Test
    void tenWrongCodesLockThatDeviceOutEvenWithTheRightCode() throws Exception {
        start(Map.of());
        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        String code = data(send(HOME, "POST", "/api/remote/pairing", parent, "{}"))
                .path("code")
                .asText();
        for (int i = 0; i < 10; i++) {
            assertError(pair("127.0.0.30", "0000-000" + i, "Guesser"), 401, "unauthorized");
        }
        assertError(pair("127.0.0.30", code, "Guesser"), 429, "rate_limit_error");
        assertEquals(201, pair("127.0.0.31", code, "The real phone").status(), "another device is not locked out");
    }

    @Test
    void removingAPhoneStopsItAtOnceAndTurningRemoteAccessOffStopsEveryPhone() throws Exception {
        start(Map.of());
        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        String a = pairPhone("127.0.0.40", "Phone A");
        String b = pairPhone("127.0.0.41", "Phone B");
        String idA = data(send(HOME, "GET", "/api/remote/phones", parent, null))
                .get(0)
                .path("phone_id")
                .asText();
        assertEquals(200, check("127.0.0.40", a).status());

        assertEquals(
                200,
                send(HOME, "DELETE", "/api/remote/phones/" + idA, parent, null).status());
        assertError(check("127.0.0.40", a), 401, "unauthorized");
        assertEquals(200, check("127.0.0.41", b).status(), "the other phone still works");
        assertError(send(HOME, "DELETE", "/api/remote/phones/" + idA, parent, null), 404, "not_found");

        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":false}"));
        assertError(check("127.0.0.41", b), 401, "unauthorized");
        assertError(send("127.0.0.41", "POST", "/api/playlists", b, "{\"title\":\"x\"}"), 401, "unauthorized");
        assertEquals(200, check(HOME, parent).status(), "the parent's own login is not remote access");
        JsonNode kept = data(send(HOME, "GET", "/api/remote/phones", parent, null));
        assertEquals(1, kept.size(), "the list is kept while off: " + kept);
        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        assertEquals(200, check("127.0.0.41", b).status(), "on again: the phone works without pairing again");
        assertError(check("127.0.0.40", a), 401, "unauthorized");
    }

    @Test
    void aRestartedBoxKeepsItsPhonesAndTheSwitch() throws Exception {
        start(Map.of());
        data(send(HOME, "PUT", "/api/remote", parent, "{\"enabled\":true}"));
        String credential = pairPhone(PHONE, "Grandma's tablet");
        agent.close();
        agent = null;
        start(Map.of());
        JsonNode state = data(send(HOME, "GET", "/api/remote", parent, null));
        assertTrue(state.path("enabled").asBoolean(), state.toString());
        assertEquals(
                "Grandma's tablet",
                state.path("phones").get(0).path("phone_name").asText());
        assertEquals(200, check(PHONE, credential).status());
        assertNotEquals(credential, parent);
    }

    @Test
    void aBoxWithoutAccessControlCannotTurnRemoteAccessOn() throws Exception {
        start(Map.of("omb.auth.mode", "off"));
        assertError(send(HOME, "PUT", "/api/remote", null, "{\"enabled\":true}"), 409, "conflict");
        assertFalse(data(send(HOME, "GET", "/api/remote", null, null))
                .path("enabled")
                .asBoolean(true));
        assertError(send(HOME, "POST", "/api/remote/pairing", null, "{}"), 409, "remote_access_off");
    }

    // ---- helpers

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of(
                "omb.auth.token", TOKEN,
                "omb.data-dir", tmp.resolve("data").toString(),
                "omb.bind", "127.0.0.1",
                "omb.http.port", "0",
                "omb.socketio.port", "0",
                "omb.audio.output", "silent",
                "omb.nfc.reader", "simulated",
                "omb.controls.enabled", "false"));
        props.putAll(extra);
        agent = EdgeAgent.start(ConfigLoader.load(null, Map.of(), props));
        http = new Requests(agent.httpPort());
        if (!"off".equals(extra.get("omb.auth.mode"))) {
            parent = data(send(HOME, "POST", "/api/access/login", null, "{\"parent_code\":\"" + TOKEN + "\"}"))
                    .path("token")
                    .asText();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String pairPhone(String from, String name) throws Exception {
        String code = data(send(HOME, "POST", "/api/remote/pairing", parent, "{}"))
                .path("code")
                .asText();
        return data(pair(from, code, name)).path("credential").asText();
    }

    private RawHttp.Response pair(String from, String code, String name) throws Exception {
        return send(
                from,
                "POST",
                "/api/remote/pair",
                null,
                "{\"code\":" + JSON.toJson(code) + ",\"phone_name\":" + JSON.toJson(name) + "}");
    }

    private RawHttp.Response check(String from, String credential) throws Exception {
        return send(from, "POST", "/api/access/check", credential, "{}");
    }

    private RawHttp.Response send(String from, String method, String path, String credential, String json)
            throws Exception {
        Map<String, String> headers = credential == null ? Map.of() : Map.of("Authorization", "Bearer " + credential);
        return http.send(
                from,
                method,
                path,
                headers,
                json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode data(RawHttp.Response r) {
        assertTrue(r.success(), "expected success: " + r);
        return JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8)).path("data");
    }

    private static void assertError(RawHttp.Response r, int status, String type) {
        assertEquals(status, r.status(), r.toString());
        JsonNode body = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("error", body.path("status").asText(), r.toString());
        assertEquals(type, body.path("error_type").asText(), r.toString());
    }
}
