package org.openmusicbox.edge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that the request line reaches the box exactly as written: no
 * client library normalises {@code /./}, {@code //} or percent-escapes on the way. Each request uses
 * its own connection from a chosen local address, so a test can be many devices at once on loopback
 * (127.0.0.0/8 is all local on Linux). The connection is kept alive until the answer is read: with
 * {@code Connection: close} the box may close on a refusal before reading the body, and the unread
 * body then resets the connection under the answer.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean success() {
            return status / 100 == 2;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * @param from the local address to send from, e.g. {@code 127.0.0.2}
     * @param headers extra headers, e.g. {@code Authorization}, {@code Origin}
     * @param contentType sent with the body; null for none
     */
    Response send(String from, String method, String rawPath, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
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
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IOException(method + " " + rawPath + " from " + from + ": " + e.getMessage(), e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int end;
        while ((end = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n")) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("No complete response head: " + received.toString(StandardCharsets.ISO_8859_1));
            }
            received.write(b);
        }
        String[] lines = received.toString(StandardCharsets.ISO_8859_1).substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(in);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in).split(";")[0].strip();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                line(in);
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(n));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
