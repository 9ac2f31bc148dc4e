package org.openmusicbox.edge.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.remote.RelayedBox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;

/**
 * Command {@code http} ({@link RelayedCalls}) on a whole box, sent over a broker as a relay sends it: the answer is the
 * one the box's own port gives for the same request, a call the box cannot take as it is gets a clear refusal and
 * changes nothing, and a phone is an address of its own for the credential checks.
 */
class RelayedCallsTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final String CREATE = "{\"title\":\"Created\"}";

    @TempDir
    Path tmp;

    private RelayedBox box;

    @AfterEach
    void stop() throws Exception {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void theRelayedAnswerIsWhatTheBoxsPortAnswers() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        HttpAnswer created = answer(call("POST", "/api/playlists", RelayedBox.TOKEN, CREATE, "phone-1"));
        RelayedBox.Lan lanCreated = box.lan("POST", "/api/playlists", RelayedBox.TOKEN, CREATE);
        assertEquals(201, created.status(), text(created));
        assertEquals(lanCreated.status(), created.status());
        assertEquals(lanCreated.contentType(), created.contentType());
        JsonNode relayed = JSON.readTree(bytes(created));
        JsonNode lan = JSON.readTree(lanCreated.body());
        assertEquals("Created", relayed.path("data").path("title").asText(), relayed.toString());
        // Ids and times are the playlists' own; the answer's shape and every other field are the same.
        assertEquals(fieldNames(lan), fieldNames(relayed));
        assertEquals(fieldNames(lan.path("data")), fieldNames(relayed.path("data")));

        HttpAnswer listed = answer(call("GET", "/api/playlists", RelayedBox.TOKEN, null, "phone-1"));
        RelayedBox.Lan lanListed = box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null);
        assertEquals(lanListed.status(), listed.status());
        assertEquals(lanListed.contentType(), listed.contentType());
        assertEquals(timeless(lanListed.body()), timeless(bytes(listed)), text(listed));
        assertEquals(
                2, JSON.readTree(bytes(listed)).path("data").path("playlists").size(), text(listed));
    }

    @Test
    void aCallTheBoxCannotTakeIsRefusedAndChangesNothing() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        JsonNode before = timeless(
                box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null).body());
        Map<String, Object> good = call("POST", "/api/playlists", RelayedBox.TOKEN, CREATE, "phone-1");
        Map<String, Map<String, Object>> bad = new java.util.LinkedHashMap<>();
        bad.put("a method HttpCall refuses", with(good, "method", "TRACE"));
        bad.put("a path not under the root", with(good, "path", "api/playlists"));
        bad.put("a query in the path", with(good, "path", "/api/playlists?title=x"));
        bad.put("a fragment in the path", with(good, "path", "/api/playlists#x"));
        bad.put("a host in the path", with(good, "path", "//elsewhere/api/playlists"));
        bad.put("a fragment in the query", with(good, "query", "a=1#x"));
        bad.put("a header not passed on", with(good, "headers", Map.of("cookie", "session=1")));
        bad.put("a body that is not base64", with(good, "body", "{\"title\":\"Created\"}"));
        bad.put("no phone", with(good, "phone_id", null));
        for (Map.Entry<String, Map<String, Object>> e : bad.entrySet()) {
            CommandReply reply = box.command(DeviceCommand.HTTP, e.getValue());
            assertFalse(reply.success(), e.getKey() + ": " + reply);
            assertEquals("validation_error", reply.errorType(), e.getKey() + ": " + reply);
            assertTrue(reply.message().startsWith("Invalid http command"), e.getKey() + ": " + reply);
        }
        assertEquals(
                before,
                timeless(
                        box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null).body()),
                "nothing made");
    }

    @Test
    void anUploadWriteIsNotRelayed() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        String id = box.data(box.lan("POST", "/api/playlists", RelayedBox.TOKEN, CREATE), 201)
                .path("id")
                .asText();
        for (String path : new String[] {"/api/playlists/" + id + "/uploads", "/api/playlists/" + id + "/uploads/s1"}) {
            HttpAnswer refused = answer(call("POST", path, RelayedBox.TOKEN, "{}", "phone-1"));
            assertEquals(413, refused.status(), text(refused));
            assertEquals(
                    "upload_not_relayed",
                    JSON.readTree(bytes(refused)).path("error_type").asText());
        }
        JsonNode sessions = box.data(box.lan("GET", "/api/playlists/" + id, RelayedBox.TOKEN, null), 200);
        assertEquals(0, sessions.path("tracks").size(), "no upload began: " + sessions);
    }

    @Test
    void anAnswerLargerThanARelayCarriesIsAFailedReply() throws Exception {
        Path web = Files.createDirectories(tmp.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>x</title>");
        Files.writeString(web.resolve("big.txt"), "x".repeat(RelayedCalls.MAX_ANSWER_BYTES + 1));
        Files.writeString(web.resolve("fits.txt"), "x".repeat(RelayedCalls.MAX_ANSWER_BYTES));
        box = new RelayedBox(tmp, Map.of("omb.web.dir", web.toString()));
        CommandReply tooLarge = box.command(DeviceCommand.HTTP, call("GET", "/big.txt", null, null, "phone-1"));
        assertFalse(tooLarge.success(), tooLarge.toString());
        assertEquals("too_large", tooLarge.errorType());
        HttpAnswer fits = answer(call("GET", "/fits.txt", null, null, "phone-1"));
        assertEquals(200, fits.status());
        assertEquals(RelayedCalls.MAX_ANSWER_BYTES, bytes(fits).length, "the largest answer kept whole");
    }

    @Test
    void anUnknownOrRevokedCredentialGetsWhatTheLanGets() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        RelayedBox.Phone kept = box.pair("Kept");
        RelayedBox.Phone revoked = box.pair("Revoked");
        assertEquals(
                200,
                answer(call("GET", "/api/playlists", revoked.credential(), null, revoked.id()))
                        .status());
        box.data(box.lan("DELETE", "/api/remote/phones/" + revoked.id(), box.parent(), null), 200);

        for (String credential : new String[] {"not-a-credential", revoked.credential()}) {
            for (String[] request : new String[][] {{"GET", "/api/remote", null}, {"POST", "/api/playlists", CREATE}}) {
                HttpAnswer relayed = answer(call(request[0], request[1], credential, request[2], revoked.id()));
                RelayedBox.Lan lan = box.lan(request[0], request[1], credential, request[2]);
                assertTrue(relayed.status() == 401 || relayed.status() == 403, text(relayed));
                assertEquals(lan.status(), relayed.status(), text(relayed));
                assertEquals(lan.contentType(), relayed.contentType());
                assertEquals(timeless(lan.body()), timeless(bytes(relayed)), text(relayed));
            }
        }
        assertEquals(
                200,
                answer(call("GET", "/api/playlists", kept.credential(), null, kept.id()))
                        .status());
        JsonNode playlists = box.data(box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null), 200);
        assertEquals(0, playlists.path("playlists").size(), "nothing made: " + playlists);
    }

    @Test
    void wrongCredentialsLockOutOnlyThePhoneThatSentThem() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        RelayedBox.Phone guessing = box.pair("Guessing");
        RelayedBox.Phone other = box.pair("Other");
        HttpAnswer last = null;
        for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
            last = answer(call("POST", "/api/playlists", "wrong-" + i, CREATE, guessing.id()));
        }
        assertEquals(429, last.status(), "locked out after the wrong credentials: " + text(last));
        HttpAnswer lockedOut = answer(call("POST", "/api/playlists", guessing.credential(), CREATE, guessing.id()));
        assertEquals(429, lockedOut.status(), "even with its right credential: " + text(lockedOut));
        assertEquals(
                201,
                answer(call("POST", "/api/playlists", other.credential(), CREATE, other.id()))
                        .status());
        assertEquals(
                201, box.lan("POST", "/api/playlists", RelayedBox.TOKEN, CREATE).status(), "nor the LAN");
    }

    @Test
    void aPhonesCredentialUnderAnotherPhonesNameIsRefusedAndRunsNothing() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        RelayedBox.Phone mine = box.pair("Mine");
        RelayedBox.Phone theirs = box.pair("Theirs");
        CommandReply borrowed =
                box.command(DeviceCommand.HTTP, call("POST", "/api/playlists", mine.credential(), CREATE, theirs.id()));
        assertFalse(borrowed.success(), borrowed.toString());
        assertEquals("unauthorized", borrowed.errorType());
        JsonNode playlists = box.data(box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null), 200);
        assertEquals(0, playlists.path("playlists").size(), "nothing was created: " + playlists);
        assertEquals(
                201,
                answer(call("POST", "/api/playlists", mine.credential(), CREATE, mine.id()))
                        .status());
    }

    private HttpAnswer answer(Map<String, Object> call) throws Exception {
        CommandReply reply = box.command(DeviceCommand.HTTP, call);
        assertTrue(reply.success(), reply.toString());
        return JSON.convert(reply.data(), HttpAnswer.class);
    }

    /** An {@code http} command's args as a relay writes them (not built as an HttpCall, which checks them). */
    private static Map<String, Object> call(String method, String path, String credential, String json, String phone) {
        Map<String, Object> args = new HashMap<>();
        args.put("method", method);
        args.put("path", path);
        Map<String, String> headers = new HashMap<>();
        if (credential != null) {
            headers.put("authorization", "Bearer " + credential);
        }
        if (json != null) {
            headers.put("content-type", "application/json");
            args.put("body", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        }
        args.put("headers", headers);
        args.put("phone_id", phone);
        return args;
    }

    private static Map<String, Object> with(Map<String, Object> args, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(args);
        changed.put(key, value);
        return changed;
    }

    private static byte[] bytes(HttpAnswer answer) {
        return answer.body() == null ? new byte[0] : Base64.getDecoder().decode(answer.body());
    }

    private static String text(HttpAnswer answer) {
        return answer.status() + " " + new String(bytes(answer), StandardCharsets.UTF_8);
    }

    /** An envelope without its {@code timestamp}, the one field two answers made apart in time never share. */
    private static JsonNode timeless(byte[] body) {
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(body);
        assertTrue(tree.has("timestamp"), tree.toString());
        tree.remove("timestamp");
        return tree;
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.sort(names);
        return names;
    }
}
