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
 * A phone listening to a box over Socket.IO, on the home network (the box's Socket.IO port) or from away (a relay's
 * {@code /boxes/{id}/socket.io/}): Engine.IO 4 over a WebSocket, the default namespace joined with the phone's
 * credential when it has one, pings answered, and every event kept in arrival order for the test to read.
 */
public final class PhoneSocket implements AutoCloseable {

    /** One Socket.IO event: its name, its first argument, and when it arrived (epoch ms, the box's clock here). */
    public record Event(String name, JsonNode data, long receivedMillis) {
        @Override
        public String toString() {
            return name + " " + data;
        }
    }

    /** One client for every socket: a benchmark opens hundreds, and each client has a thread of its own. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final List<Event> events = new ArrayList<>();
    private final StringBuilder frame = new StringBuilder();
    private final String token;
    private boolean joined;
    private boolean left;
    private String refusal;
    private WebSocket socket;

    private PhoneSocket(String token) {
        this.token = token;
    }

    /** Connects to {@code box} on the home network and waits until the namespace is joined. */
    public static PhoneSocket open(BoxProcess box, Duration timeout) {
        PhoneSocket lan = connect(URI.create("ws://127.0.0.1:" + box.socketPort() + "/socket.io/"), null, timeout);
        Poll.until("the Socket.IO namespace to be joined", timeout, lan::joined, lan::toString);
        return lan;
    }

    /**
     * Connects to {@code socketIo} (ending in {@code /socket.io/}) with {@code token} as the CONNECT's auth (none when
     * null) and waits until the namespace is joined or refused; read which with {@link #joined} and {@link #refusal}.
     */
    public static PhoneSocket connect(URI socketIo, String token, Duration timeout) {
        PhoneSocket phone = new PhoneSocket(token);
        try {
            phone.socket = CLIENT.newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(URI.create(socketIo + "?EIO=4&transport=websocket"), phone.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot open a WebSocket to " + socketIo, e);
        }
        Poll.until(
                "the Socket.IO namespace to be joined or refused",
                timeout,
                () -> phone.joined() || phone.refusal() != null || phone.socket.isInputClosed(),
                phone::toString);
        return phone;
    }

    /** Sends one event with a JSON object as its argument. */
    public void emit(String event, Object data) {
        try {
            socket.sendText("42" + Http.JSON.writeValueAsString(java.util.List.of(event, data)), true)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot send " + event, e);
        }
    }

    /** Every event so far, in arrival order. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The CONNECT's refusal ({@code 44} with its data), or null. */
    public String refusal() {
        synchronized (events) {
            return refusal;
        }
    }

    /** Whether the server has closed the connection, or sent this client out of the namespace ({@code 41}). */
    public boolean closed() {
        synchronized (events) {
            if (left) {
                return true;
            }
        }
        return socket.isInputClosed();
    }

    /** The events so far whose name starts with {@code prefix}, in arrival order. */
    public List<Event> named(String prefix) {
        synchronized (events) {
            return events.stream().filter(e -> e.name().startsWith(prefix)).toList();
        }
    }

    public boolean joined() {
        synchronized (events) {
            return joined;
        }
    }

    @Override
    public String toString() {
        synchronized (events) {
            return "joined " + joined + ", left " + left + ", refusal " + refusal + ", events " + events;
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
            ws.sendText(
                    token == null ? "40" : "40" + Http.JSON.createObjectNode().put("token", token), true);
        } else if (packet.equals("2")) {
            ws.sendText("3", true);
        } else if (packet.startsWith("40")) {
            synchronized (events) {
                joined = true;
            }
        } else if (packet.startsWith("41")) {
            synchronized (events) {
                joined = false;
                left = true;
            }
        } else if (packet.startsWith("44")) {
            synchronized (events) {
                refusal = packet.substring(2);
            }
        } else if (packet.startsWith("42")) {
            try {
                JsonNode array = Http.JSON.readTree(packet.substring(2));
                synchronized (events) {
                    events.add(new Event(array.path(0).asText(), array.path(1), System.currentTimeMillis()));
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
