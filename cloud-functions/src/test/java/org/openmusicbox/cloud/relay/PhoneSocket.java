package org.openmusicbox.cloud.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A phone's raw Engine.IO 4 WebSocket to the relay, for tests: it answers the server's pings and keeps every packet
 * it gets, in order; the test sends the Socket.IO packets itself ({@code 40{auth}}, {@code 42[...]}).
 */
final class PhoneSocket implements AutoCloseable {

    final List<String> packets = new CopyOnWriteArrayList<>();
    private final StringBuilder frame = new StringBuilder();
    private WebSocket socket;

    static PhoneSocket open(String url) throws Exception {
        PhoneSocket phone = new PhoneSocket();
        phone.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), phone.new Listener())
                .get(10, TimeUnit.SECONDS);
        return phone;
    }

    void send(String packet) {
        socket.sendText(packet, true).join();
    }

    /** Waits until a packet starting with {@code prefix} has arrived, at most {@code timeout}, and returns it. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String packet : packets) {
                if (packet.startsWith(prefix)) {
                    return packet;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no packet starting with " + prefix + " within " + timeout + "; got " + packets);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String packet = frame.toString();
                frame.setLength(0);
                if (packet.equals("2")) {
                    ws.sendText("3", true);
                }
                packets.add(packet);
            }
            ws.request(1);
            return null;
        }
    }
}
