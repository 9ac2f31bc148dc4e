package org.openmusicbox.edge.page;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Stands in for the cloud relay in the page's tests: on its own origin it serves each box under the box's
 * prefix {@code /boxes/<name>/} by passing every request on to that box's HTTP port, WebSocket upgrades
 * included (the Socket.IO frames pass both ways unchanged), and keeps a log of what it was asked. Like a
 * relay, it passes the browser's Origin on, so the box has to allow the relay's origin.
 */
final class RelayStandIn implements AutoCloseable {

    static final String PREFIX = "/boxes/";
    private static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;
    /** Headers of one hop (RFC 9110 7.6.1) and of the WebSocket handshake, which each side makes for itself. */
    private static final Set<String> OWN_HOP = Set.of(
            "host",
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-extensions",
            "sec-websocket-protocol",
            "sec-websocket-accept");

    private final Map<String, Integer> boxes = new ConcurrentHashMap<>();
    private final Queue<String> asked = new ConcurrentLinkedQueue<>();
    private final HttpClient client = HttpClient.create();
    private final DisposableServer server;

    private RelayStandIn() {
        server =
                HttpServer.create().host("127.0.0.1").port(0).handle(this::pass).bindNow();
    }

    /** Started before the boxes, so that they can be told the relay's origin. */
    static RelayStandIn start() {
        return new RelayStandIn();
    }

    void serve(String box, int httpPort) {
        boxes.put(box, httpPort);
    }

    String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The page's address through the relay: a folder, so it ends with a slash. */
    String url(String box) {
        return origin() + PREFIX + box + "/";
    }

    /** Every request so far, as "GET /boxes/x/app.css" or "WEBSOCKET /boxes/x/socket.io/?...", in order. */
    List<String> asked() {
        return List.copyOf(asked);
    }

    private Publisher<Void> pass(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        boolean upgrade =
                request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        asked.add((upgrade ? "WEBSOCKET" : request.method().name()) + " " + uri);
        if (!uri.startsWith(PREFIX)) {
            return response.status(HttpResponseStatus.NOT_FOUND).send();
        }
        String rest = uri.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        Integer port = boxes.get(name);
        if (port == null || slash < 0) {
            return response.status(HttpResponseStatus.NOT_FOUND).send();
        }
        String target = rest.substring(slash);
        return upgrade ? websocket(request, response, port, target) : http(request, response, port, target);
    }

    private Publisher<Void> http(HttpServerRequest request, HttpServerResponse response, int port, String target) {
        HttpHeaders headers = passed(request.requestHeaders());
        boolean body = request.requestHeaders().contains(HttpHeaderNames.CONTENT_LENGTH)
                || request.requestHeaders().contains(HttpHeaderNames.TRANSFER_ENCODING);
        HttpClient.RequestSender sender =
                client.headers(h -> h.add(headers)).request(request.method()).uri("http://127.0.0.1:" + port + target);
        HttpClient.ResponseReceiver<?> receiver =
                body ? sender.send(request.receive().retain()) : sender;
        return receiver.response((answer, bytes) -> {
                    response.status(answer.status());
                    response.headers(passed(answer.responseHeaders()));
                    return response.send(bytes.retain());
                })
                .then();
    }

    private Publisher<Void> websocket(HttpServerRequest request, HttpServerResponse response, int port, String target) {
        HttpHeaders headers = passed(request.requestHeaders());
        return response.sendWebsocket(
                (browserIn, browserOut) -> client.headers(h -> h.add(headers))
                        .websocket(WebsocketClientSpec.builder()
                                .maxFramePayloadLength(MAX_FRAME_BYTES)
                                .build())
                        .uri("ws://127.0.0.1:" + port + target)
                        .handle((boxIn, boxOut) -> Mono.firstWithSignal(
                                // Either side closing ends both: returning closes the box's side, then the browser's.
                                boxOut.sendObject(frames(browserIn)).then(),
                                browserOut.sendObject(frames(boxIn)).then()))
                        .then(),
                WebsocketServerSpec.builder()
                        .maxFramePayloadLength(MAX_FRAME_BYTES)
                        .build());
    }

    /** Data frames only: pings and the closing handshake belong to each connection. */
    private static Flux<WebSocketFrame> frames(WebsocketInbound in) {
        return in.receiveFrames()
                .filter(f -> f instanceof TextWebSocketFrame
                        || f instanceof BinaryWebSocketFrame
                        || f instanceof ContinuationWebSocketFrame)
                .map(WebSocketFrame::retain);
    }

    private static HttpHeaders passed(HttpHeaders from) {
        HttpHeaders to = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : from) {
            if (!OWN_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        }
        return to;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
