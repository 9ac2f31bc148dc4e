package org.openmusicbox.edge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.openmusicbox.edge.api.RawHttp;

/**
 * One request per connection, written by hand ({@link RawHttp}), so that the request line reaches the
 * box exactly as written: no client library normalises {@code /./}, {@code //} or percent-escapes on
 * the way. Each request comes from a chosen local address, so a test can be many devices at once on
 * loopback (127.0.0.0/8 is all local on Linux). The connection is kept alive until the answer is read:
 * with {@code Connection: close} the box may close on a refusal before reading the body, and the unread
 * body then resets the connection under the answer.
 */
final class Requests {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final int port;

    Requests(int port) {
        this.port = port;
    }

    /**
     * @param from the local address to send from, e.g. {@code 127.0.0.2}
     * @param headers extra headers, e.g. {@code Authorization}, {@code Origin}
     * @param contentType sent with the body; null for none
     */
    RawHttp.Response send(
            String from, String method, String rawPath, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(rawPath)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] payload = body == null ? new byte[0] : body;
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        // One write: the box may answer a refusal from the head alone and close, and body bytes
        // arriving after that would reset the connection before the answer is read.
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(payload);
        try (RawHttp connection = new RawHttp(port, DEADLINE, from)) {
            return connection.send(request.toByteArray()).read();
        } catch (IOException e) {
            throw new IOException(method + " " + rawPath + " from " + from + ": " + e.getMessage(), e);
        }
    }
}
