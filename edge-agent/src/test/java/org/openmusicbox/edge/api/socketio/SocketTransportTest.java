package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.api.RawHttp;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * The Socket.IO port against a real netty-socketio server, spoken to by hand: which origins may open
 * a session (polling handshake and WebSocket upgrade), bodies refused before they are sent, the
 * per-address cap and the request-read timeout.
 */
class SocketTransportTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int PAGE_PORT = 18_000;
    private static final String RELAY = "https://relay.example";

    private SocketServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>();
        props.put("omb.bind", "127.0.0.1");
        props.put("omb.http.port", "0");
        props.put("omb.socketio.port", "0");
        props.put("omb.http.allowed-origins", RELAY + ", http://other.example:9000");
        props.putAll(settings);
        server = new SocketServer(ConfigLoader.load(null, Map.of(), props), new JsonCodec());
        server.pageServedOn(PAGE_PORT);
        server.start();
    }

    private RawHttp connect() throws Exception {
        return new RawHttp(server.port(), DEADLINE);
    }

    private String host() {
        return "127.0.0.1:" + server.port();
    }

    /** A polling handshake with the given Origin header (none when null). */
    private RawHttp.Response handshake(String origin) throws Exception {
        try (RawHttp c = connect()) {
            return c.send("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + host() + "\r\n"
                            + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n")
                    .read();
        }
    }

    private String upgrade(String origin) {
        return "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: " + host() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    }

    private int upgradeStatus(String origin) throws Exception {
        try (RawHttp c = connect()) {
            return c.send(upgrade(origin)).read().status();
        }
    }

    private String sessionId() throws Exception {
        RawHttp.Response open = handshake(null);
        assertEquals(200, open.status(), open.body());
        return new ObjectMapper().readTree(open.body().substring(1)).path("sid").asText();
    }

    @Test
    void aPageFromAnotherOriginCannotOpenASessionByPollingOrWebSocket() throws Exception {
        start(Map.of());
        for (String foreign : new String[] {
            "http://evil.example",
            "http://evil.example:" + PAGE_PORT,
            "null",
            "http://127.0.0.1:9",
            "https://relay.example.evil.example",
            "file://",
            "http://127.0.0.1:" + PAGE_PORT + "/x"
        }) {
            RawHttp.Response polling = handshake(foreign);
            assertEquals(403, polling.status(), "polling handshake from " + foreign);
            assertNull(polling.header("Access-Control-Allow-Origin"), "no CORS grant for " + foreign);
            assertEquals(403, upgradeStatus(foreign), "WebSocket upgrade from " + foreign);
        }
    }

    @Test
    void theBoxsOwnPageNamedOriginsAndClientsWithoutAnOriginOpenSessions() throws Exception {
        start(Map.of());
        for (String own : new String[] {
            "http://127.0.0.1:" + PAGE_PORT,
            "http://127.0.0.1:" + server.port(),
            RELAY,
            "HTTPS://Relay.Example:443",
            "http://other.example:9000"
        }) {
            RawHttp.Response polling = handshake(own);
            assertEquals(200, polling.status(), "polling handshake from " + own + ": " + polling.body());
            assertTrue(polling.body().startsWith("0{") && polling.body().contains("\"sid\""), polling.body());
            assertEquals(own, polling.header("Access-Control-Allow-Origin"), "the grant names the origin, never *");
            assertEquals(101, upgradeStatus(own), "WebSocket upgrade from " + own);
        }
        RawHttp.Response script = handshake(null);
        assertEquals(200, script.status());
        assertTrue(script.body().contains("\"sid\""));
        if ("*".equals(script.header("Access-Control-Allow-Origin"))) {
            assertNotEquals("true", script.header("Access-Control-Allow-Credentials"), "never * with credentials");
        }
        assertEquals(101, upgradeStatus(null));
    }

    @Test
    void anOversizedBodyWithoutASessionIsAnsweredBeforeItIsSent() throws Exception {
        start(Map.of());
        try (RawHttp c = connect()) {
            c.send("POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + host()
                            + "\r\nContent-Type: text/plain\r\nContent-Length: 1900000\r\n\r\n")
                    .send(new byte[1024]);
            // Only 1 KB of 1.9 MB has been sent: an answer now means nothing was waiting for the rest.
            RawHttp.Response r = c.read();
            assertEquals(400, r.status());
            assertTrue(r.body().contains("Session ID unknown"), r.body());
        }
        String sid = sessionId();
        try (RawHttp c = connect()) {
            c.send("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: " + host()
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 2097153\r\n\r\n");
            assertEquals(413, c.read().status(), "over omb.socketio.max-payload-bytes, even with a live session");
        }
        try (RawHttp c = connect()) {
            c.send("POST /socket.io/?EIO=4&transport=polling&sid=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: " + host()
                    + "\r\nContent-Type: text/plain\r\nContent-Length: 1900000\r\n\r\n");
            assertEquals(400, c.read().status(), "a session id the server never gave");
        }
        try (RawHttp c = connect()) {
            RawHttp.Response ok = c.send("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: "
                            + host() + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n40")
                    .read();
            assertEquals(200, ok.status(), "a live session's small body still goes through: " + ok.body());
            assertEquals("ok", ok.body());
        }
    }

    @Test
    void anAddressAtItsCapHasItsExtraConnectionRefused() throws Exception {
        start(Map.of("omb.socketio.max-connections-per-address", "2"));
        try (RawHttp first = connect();
                RawHttp second = connect()) {
            // Upgraded sockets stay open: both are certainly counted before the third arrives.
            assertEquals(101, first.send(upgrade(null)).read().status());
            assertEquals(101, second.send(upgrade(null)).read().status());
            try (RawHttp third = connect()) {
                third.send(upgrade(null));
                assertTrue(third.closedByServer(), "the third connection from one address is closed");
            }
            try (RawHttp elsewhere = new RawHttp(server.port(), DEADLINE, "127.0.0.2")) {
                assertEquals(101, elsewhere.send(upgrade(null)).read().status(), "another address is not affected");
            }
        }
    }

    @Test
    void aRequestThatDoesNotArriveInTimeClosesTheConnection() throws Exception {
        start(Map.of("omb.socketio.request-read-timeout-ms", "300"));
        try (RawHttp partial = connect();
                RawHttp silent = connect()) {
            partial.send("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + host() + "\r\n");
            assertTrue(partial.closedByServer(), "half a request is closed");
            assertTrue(silent.closedByServer(), "a connection that sends nothing is closed");
        }
    }
}
