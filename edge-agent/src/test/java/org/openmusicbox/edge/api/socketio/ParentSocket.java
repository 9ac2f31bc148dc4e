package org.openmusicbox.edge.api.socketio;

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
 * A parent's client on the box's LAN Socket.IO port over a bare WebSocket (Engine.IO 4, Socket.IO 5), connected with
 * the parent token as its {@code auth}: it answers pings, sends events and keeps every event it is sent, in order.
 */
final class ParentSocket implements AutoCloseable {

    record Event(String name, JsonNode data) {
        @Override
        public String toString() {
            return name + " " + data;
        }
    }

    private static final JsonCodec JSON = new JsonCodec();

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final String token;
    private final WebSocket socket;
    private boolean connected;

    private ParentSocket(int port, String token) throws Exception {
        this.token = token;
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), new Listener())
                .get();
    }

    static ParentSocket open(int port, String token, Duration deadline) throws Exception {
        ParentSocket parent = new ParentSocket(port, token);
        parent.await(p -> p.connected, deadline, "the namespace's CONNECT answer");
        return parent;
    }

    void emit(String event, Object data) {
        socket.sendText("42" + JSON.toJson(List.of(event, data)), true).join();
    }

    /** The events so far whose name is one of {@code names}. */
    List<Event> named(String... names) {
        List<String> wanted = List.of(names);
        synchronized (events) {
            return events.stream().filter(e -> wanted.contains(e.name())).toList();
        }
    }

    void await(Predicate<ParentSocket> done, Duration deadline, String what) throws InterruptedException {
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
            ws.sendText("40" + JSON.toJson(java.util.Map.of("token", token)), true);
        } else if (text.equals("2")) {
            ws.sendText("3", true);
        } else if (text.startsWith("40")) {
            synchronized (events) {
                connected = true;
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
