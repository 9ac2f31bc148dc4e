package org.openmusicbox.edge.api.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.api.RawHttp;
import org.openmusicbox.edge.api.http.HttpServer;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.protocol.json.JsonCodec;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Sinks;

/**
 * The HTTP port's connection defences against a real Reactor Netty server: half-sent requests and
 * silent kept-alive connections are closed by their deadlines, one address cannot open more than its
 * share, and a full port makes room by closing its oldest waiting connection, never a busy one.
 */
class HttpConnectionLimitsTest {

    /** How long a test waits for something the server must do; the configured timeouts are far shorter. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static final String PING = "GET /ping HTTP/1.1\r\nHost: box\r\n\r\n";

    private final Sinks.Empty<Void> release = Sinks.empty();
    /** Counts /hold requests that reached their route: their connections are busy from then on. */
    private final java.util.concurrent.Semaphore holding = new java.util.concurrent.Semaphore(0);

    private HttpServer server;

    @AfterEach
    void close() {
        release.tryEmitEmpty();
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>();
        props.put("omb.bind", "127.0.0.1");
        props.put("omb.http.port", "0");
        props.putAll(settings);
        EdgeConfig config = ConfigLoader.load(null, Map.of(), props);
        byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/ping", r -> ServerResponse.ok().bodyValue(pong))
                // Answers only when the test says so: a request that keeps its connection busy.
                .GET("/hold", r -> {
                    holding.release();
                    return release.asMono().then(ServerResponse.ok().bodyValue(pong));
                })
                .build();
        server = new HttpServer(config, routes, java.util.List.of(), new JsonCodec());
    }

    private RawHttp connect() throws Exception {
        return new RawHttp(server.port(), DEADLINE);
    }

    /** Sends /hold on each connection and waits until every one of them is in its route. */
    private void hold(RawHttp... connections) throws Exception {
        for (RawHttp c : connections) {
            c.send("GET /hold HTTP/1.1\r\nHost: box\r\n\r\n");
        }
        assertTrue(
                holding.tryAcquire(connections.length, DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                "the held requests reached their route");
    }

    private static void ping(RawHttp c) throws Exception {
        RawHttp.Response r = c.send(PING).read();
        assertEquals(200, r.status());
        assertEquals("pong", r.body());
    }

    @Test
    void requestHeadersThatDoNotArriveInTimeCloseTheConnection() throws Exception {
        start(Map.of("omb.http.header-read-timeout-ms", "300"));
        try (RawHttp partial = connect();
                RawHttp silent = connect()) {
            partial.send("GET /ping HTTP/1.1\r\nHost: box\r\n");
            assertTrue(partial.closedByServer(), "a request whose headers never end is closed");
            assertTrue(silent.closedByServer(), "a connection that never sends a byte is closed");
        }
    }

    @Test
    void sendingOneByteAtATimeDoesNotPushTheHeaderDeadlineBack() throws Exception {
        start(Map.of("omb.http.header-read-timeout-ms", "500"));
        try (RawHttp trickle = connect()) {
            long until = System.nanoTime() + DEADLINE.toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < until) {
                try {
                    trickle.send("X-Slow: 1\r\n".substring(0, 1));
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed || trickle.closedByServer(), "the trickling connection is closed");
        }
    }

    @Test
    void aKeptAliveConnectionAnswersAgainAndIsClosedWhenIdle() throws Exception {
        start(Map.of("omb.http.idle-timeout-ms", "300", "omb.http.header-read-timeout-ms", "5000"));
        try (RawHttp c = connect()) {
            ping(c);
            ping(c);
            assertTrue(c.closedByServer(), "an idle kept-alive connection is closed");
        }
    }

    @Test
    void anAddressAtItsCapWithEveryConnectionBusyHasItsExtraConnectionRefused() throws Exception {
        start(Map.of("omb.http.max-connections-per-address", "2"));
        try (RawHttp first = connect();
                RawHttp second = connect()) {
            ping(first);
            ping(second);
            hold(first, second);
            assertTrue(refusedWithin(DEADLINE, "127.0.0.1"), "the third connection from one address is closed");
            try (RawHttp elsewhere = new RawHttp(server.port(), DEADLINE, "127.0.0.2")) {
                ping(elsewhere);
            }
            release.tryEmitEmpty();
            assertEquals(200, first.read().status(), "the busy requests were not cut off");
            assertEquals(200, second.read().status());
        }
        assertTrue(pingSucceedsWithin(DEADLINE), "closed connections give their places back");
    }

    @Test
    void anAddressAtItsCapGivesUpItsOwnOldestWaitingConnectionForItsNewest() throws Exception {
        start(Map.of("omb.http.max-connections-per-address", "2"));
        try (RawHttp first = connect()) {
            ping(first);
            try (RawHttp second = connect()) {
                ping(second);
                try (RawHttp third = connect()) {
                    ping(third);
                    assertTrue(first.closedByServer(), "the address's oldest waiting connection made room");
                    ping(second);
                    ping(third);
                }
            }
        }
    }

    /** Tries new connections from {@code from} until one is closed without an answer. */
    private boolean refusedWithin(Duration deadline, String from) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            try (RawHttp c = new RawHttp(server.port(), Duration.ofMillis(500), from)) {
                c.send(PING);
                c.read();
            } catch (java.io.IOException e) {
                return true;
            }
        }
        return false;
    }

    /** Tries new connections until one is answered: the server notices closed ones a moment later. */
    private boolean pingSucceedsWithin(Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < until) {
            try (RawHttp c = connect()) {
                ping(c);
                return true;
            } catch (java.io.IOException e) {
                Thread.onSpinWait();
            }
        }
        return false;
    }

    @Test
    void aFullPortClosesTheOldestWaitingConnectionOfItsBiggestHolderToLetANewcomerIn() throws Exception {
        start(Map.of("omb.http.max-connections", "4", "omb.http.max-connections-per-address", "3"));
        // One after the other, so that the server has them in this order; the lone one is the oldest of all.
        try (RawHttp lone = new RawHttp(server.port(), DEADLINE, "127.0.0.3")) {
            ping(lone);
            try (RawHttp oldest = connect()) {
                ping(oldest);
                try (RawHttp middle = connect()) {
                    ping(middle);
                    try (RawHttp newest = connect()) {
                        ping(newest);
                        try (RawHttp newcomer = new RawHttp(server.port(), DEADLINE, "127.0.0.2")) {
                            ping(newcomer);
                            assertTrue(
                                    oldest.closedByServer(),
                                    "the biggest holder's oldest waiting connection made room");
                        }
                        ping(lone);
                        ping(middle);
                        ping(newest);
                    }
                }
            }
        }
    }

    @Test
    void aFullPortOfBusyConnectionsRefusesTheNewcomer() throws Exception {
        start(Map.of("omb.http.max-connections", "2", "omb.http.max-connections-per-address", "2"));
        try (RawHttp a = connect();
                RawHttp b = connect()) {
            ping(a);
            ping(b);
            hold(a, b);
            boolean refused = refusedWithin(DEADLINE, "127.0.0.2");
            assertTrue(refused, "with every connection busy, a newcomer is refused");
            release.tryEmitEmpty();
            assertEquals(200, a.read().status(), "the busy requests were not cut off");
            assertEquals(200, b.read().status());
        }
    }

    @Test
    void aRequestInProgressIsNotCutByTheHeaderDeadline() throws Exception {
        start(Map.of("omb.http.header-read-timeout-ms", "200", "omb.http.idle-timeout-ms", "5000"));
        try (RawHttp c = connect()) {
            hold(c);
            // The answer comes only when released; the header deadline must not close a request in progress.
            try (RawHttp probe = connect()) {
                assertTrue(probe.closedByServer(), "the header deadline is running on this server");
            }
            release.tryEmitEmpty();
            RawHttp.Response r = c.read();
            assertEquals(200, r.status());
            assertFalse(r.body().isEmpty());
        }
    }
}
