package org.openmusicbox.edge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.remote.RelayedBox;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.HttpAnswer;
import org.openmusicbox.protocol.v1.mqtt.HttpCall;

/**
 * A relay's {@code http} command against a real Mosquitto with the shipped ACL ({@link RelayedBox}): the relay (user
 * {@code omb-cloud}) asks the box to create a playlist, with its response topic {@code commands/replies/relay-t}, and
 * gets the box's HTTP answer with its correlation data; the same command again gets the same reply, and the playlist
 * exists once.
 */
class RelayCommandTest {

    private static final JsonCodec JSON = new JsonCodec();

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
    void anHttpCommandIsAnsweredOnTheRelaysTopicAndAppliedOnce() throws Exception {
        box = new RelayedBox(tmp, Map.of());
        HttpCall call = new HttpCall(
                "POST",
                "/api/playlists",
                null,
                Map.of("authorization", "Bearer " + RelayedBox.TOKEN, "content-type", "application/json"),
                Base64.getEncoder().encodeToString("{\"title\":\"Relayed\"}".getBytes(StandardCharsets.UTF_8)),
                "phone-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> args = JSON.convert(call, Map.class);

        CommandReply first = box.command("cmd-relay-1", DeviceCommand.HTTP, args);
        assertTrue(first.success(), first.toString());
        HttpAnswer answer = JSON.convert(first.data(), HttpAnswer.class);
        assertEquals(201, answer.status(), "created, as on the LAN");
        JsonNode body = JSON.readTree(Base64.getDecoder().decode(answer.body()));
        assertEquals("Relayed", body.path("data").path("title").asText(), body.toString());

        CommandReply second = box.command("cmd-relay-1", DeviceCommand.HTTP, args);
        assertEquals(JSON.toJson(first), JSON.toJson(second), "the same reply, from the ledger");

        JsonNode playlists = box.data(box.lan("GET", "/api/playlists", RelayedBox.TOKEN, null), 200);
        long relayed = 0;
        for (JsonNode p : playlists.path("playlists")) {
            relayed += p.path("title").asText().equals("Relayed") ? 1 : 0;
        }
        assertEquals(1, relayed, "applied once: " + playlists);
    }
}
