package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A phone on the home network listening to a box's Socket.IO port: Engine.IO 4 over a WebSocket, the default
 * namespace joined, pings answered, and every event kept in arrival order for the test to read.
 */
public final class LanSocket implements AutoCloseable {

    /** One Socket.IO event: its name and its first argument. */
    public record Event(String name, JsonNode data) {
        @Override
        public String toString() {
            return name + " " + data;
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder frame = new StringBuilder();
    private boolean joined;
    private WebSocket socket;

    private LanSocket() {}

    /** Connects to {@code box} and waits until the namespace is joined. */
    public static LanSocket open(BoxProcess box, Duration timeout) {
        LanSocket lan = new LanSocket();
        try {
            lan.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(
                            URI.create("ws://127.0.0.1:" + box.socketPort() + "/socket.io/?EIO=4&transport=websocket"),
                            lan.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot open a WebSocket to " + box.deviceId() + "'s Socket.IO port", e);
        }
        Poll.until("the Socket.IO namespace to be joined", timeout, lan::joined, lan::toString);
        return lan;
    }

    /** The events so far whose name starts with {@code prefix}, in arrival order. */
    public List<Event> named(String prefix) {
        synchronized (events) {
            return events.stream().filter(e -> e.name().startsWith(prefix)).toList();
        }
    }

    private boolean joined() {
        synchronized (events) {
            return joined;
        }
    }

    @Override
    public String toString() {
        synchronized (events) {
            return "joined " + joined + ", events " + events;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    /** Engine.IO packet types: 0 open, 2 ping, 4 message; Socket.IO inside a message: 0 connect, 2 event. */
    private void received(WebSocket ws, String packet) {
        if (packet.startsWith("0")) {
            ws.sendText("40", true);
        } else if (packet.equals("2")) {
            ws.sendText("3", true);
        } else if (packet.startsWith("40")) {
            synchronized (events) {
                joined = true;
            }
        } else if (packet.startsWith("42")) {
            try {
                JsonNode array = Http.JSON.readTree(packet.substring(2));
                synchronized (events) {
                    events.add(new Event(array.path(0).asText(), array.path(1)));
                }
            } catch (IOException e) {
                throw new AssertionError("the box sent an event that is not JSON: " + packet, e);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String packet = frame.toString();
                frame.setLength(0);
                received(ws, packet);
            }
            ws.request(1);
            return null;
        }
    }
}
