package org.openmusicbox.edge.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * A LAN client of the box's Socket.IO port over a bare WebSocket (Engine.IO 4, Socket.IO 5, as the web page
 * connects): it opens the default namespace, answers the server's pings and keeps every event it is sent, in order.
 */
final class LanSocket implements AutoCloseable {

    record Event(String name, JsonNode data) {
        @Override
        public String toString() {
            return name + " " + data;
        }
    }

    private static final JsonCodec JSON = new JsonCodec();

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private boolean joined;

    private LanSocket(int port) throws Exception {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), new Listener())
                .get();
    }

    /** Connected to the namespace; fails after {@code deadline}. */
    static LanSocket open(int port, Duration deadline) throws Exception {
        LanSocket lan = new LanSocket(port);
        lan.await(l -> lan.joined, deadline, "the namespace's CONNECT answer");
        return lan;
    }

    /** The events whose name starts with {@code prefix}, in the order they came. */
    List<Event> named(String prefix) {
        synchronized (events) {
            return events.stream().filter(e -> e.name().startsWith(prefix)).toList();
        }
    }

    /** Waits until the events so far satisfy {@code done}; fails after {@code deadline}, naming {@code what}. */
    void await(Predicate<LanSocket> done, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (events) {
            while (!done.test(this)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + deadline + "; events: " + events);
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** {@code ws} is the listener's own: the open packet can come before {@code buildAsync} has returned. */
    private void packet(WebSocket ws, String text) {
        if (text.startsWith("0")) {
            ws.sendText("40", true);
        } else if (text.equals("2")) {
            ws.sendText("3", true);
        } else if (text.startsWith("40")) {
            synchronized (events) {
                joined = true;
                events.notifyAll();
            }
        } else if (text.startsWith("42")) {
            JsonNode array = JSON.readTree(text.substring(2));
            synchronized (events) {
                events.add(new Event(array.path(0).asText(), array.path(1)));
                events.notifyAll();
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                packet(webSocket, text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
