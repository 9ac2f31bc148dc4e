package org.openmusicbox.edge.api.socketio;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.api.connections.OpenConnections;

/**
 * Checks each Engine.IO request from its head alone, before netty-socketio reads its body into
 * memory: the path, the query ({@code EIO}, {@code transport}, {@code sid}), the Origin, the method
 * and the declared length, and takes the body's bytes from the polling budget. A refused request
 * gets an Engine.IO style error ({@code {"code":..,"message":..}}) and its connection is closed
 * after the rest of the body is read and dropped (never kept), so the sender can read the answer.
 *
 * <p>It also holds back the answer to a polling POST until the packets in its body have been handled.
 * netty-socketio answers first and handles after, and a client's next POST may come on another
 * connection, handled on another thread: its packets could then overtake the ones before. A client
 * sends its next POST only once the last one is answered, so answering last keeps its packets in
 * the order it sent them (an event sent before a CONNECT is judged before that CONNECT, a volume of
 * 30 then 40 ends at 40).
 *
 * <p>One instance per connection, between the HTTP decoder and netty-socketio's aggregator.
 */
final class EngineGate extends ChannelDuplexHandler {

    /** How long a refused sender may keep sending before its connection is closed anyway. */
    private static final long DRAIN_MS = 1_000;

    private final String path;
    private final SocketOrigins origins;
    private final LiveSessions sessions;
    private final PollingBodies bodies;
    private final int maxBodyBytes;
    private final RefusalLog refusals;
    private boolean dropping;
    private long taken;
    private boolean posting;
    private boolean holding;
    private final List<Held> held = new ArrayList<>();
    private boolean flushHeld;

    private record Held(Object msg, ChannelPromise promise) {}

    EngineGate(
            String path,
            SocketOrigins origins,
            LiveSessions sessions,
            PollingBodies bodies,
            int maxBodyBytes,
            RefusalLog refusals) {
        this.path = path;
        this.origins = origins;
        this.sessions = sessions;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
        this.refusals = refusals;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (dropping) {
            // Once refused, nothing more from this connection is handled: it is closing.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            OpenConnections.requested(ctx.channel());
            giveBack();
            posting = false;
            Refusal refusal = check(request);
            if (refusal != null) {
                dropping = true;
                ReferenceCountUtil.release(msg);
                refuse(ctx.channel(), request, refusal);
                return;
            }
        }
        if (msg instanceof LastHttpContent && posting) {
            // The aggregator hands the whole request on, and netty-socketio answers it, handles its packets
            // and frees it, within this call.
            posting = false;
            holding = true;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                giveBack();
                release(ctx);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (holding) {
            held.add(new Held(msg, promise));
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (holding) {
            flushHeld = true;
            return;
        }
        ctx.flush();
    }

    /** Sends what was written while a POST's packets were being handled. */
    private void release(ChannelHandlerContext ctx) {
        holding = false;
        for (Held h : held) {
            ctx.write(h.msg(), h.promise());
        }
        held.clear();
        if (flushHeld) {
            flushHeld = false;
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        giveBack();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        giveBack();
    }

    private void giveBack() {
        if (taken > 0) {
            bodies.give(taken);
            taken = 0;
        }
    }

    private record Refusal(HttpResponseStatus status, int code, String message) {}

    private Refusal check(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.path().equals(path)) {
            return new Refusal(HttpResponseStatus.NOT_FOUND, 0, "Not found");
        }
        if (!origins.allows(
                request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
            return new Refusal(HttpResponseStatus.FORBIDDEN, 4, "Origin not allowed");
        }
        Map<String, List<String>> query = uri.parameters();
        String eio = single(query, "EIO");
        String transport = single(query, "transport");
        // Engine.IO 4 only, like the original: netty-socketio would answer a v3 client in v4 framing it cannot read.
        if (!"4".equals(eio)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 5, "Unsupported protocol version");
        }
        if (!("polling".equals(transport) || "websocket".equals(transport))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 0, "Transport unknown");
        }
        String sid = single(query, "sid");
        if (query.containsKey("sid") && (sid == null || !sessions.knows(sid))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 1, "Session ID unknown");
        }
        if (sid == null && !sessions.roomForOneMore()) {
            return new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, 3, "Too many open sessions; try again later");
        }
        HttpMethod method = request.method();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        long length = declaredLength(request);
        if (method.equals(HttpMethod.POST)) {
            if (sid == null) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, 1, "Session ID unknown");
            }
            if (chunked || length < 0) {
                return new Refusal(HttpResponseStatus.LENGTH_REQUIRED, 3, "Content-Length required");
            }
            if (length > maxBodyBytes) {
                return new Refusal(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, 3, "Body larger than " + maxBodyBytes + " bytes");
            }
            if (length > 0 && !bodies.take(length)) {
                return new Refusal(HttpResponseStatus.SERVICE_UNAVAILABLE, 3, "Too many bodies in flight; send again");
            }
            taken = length;
            posting = true;
            return null;
        }
        if (!(method.equals(HttpMethod.GET) || method.equals(HttpMethod.OPTIONS))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 2, "Bad handshake method");
        }
        if (chunked || length > 0) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, 3, "No body expected");
        }
        return null;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    /** The Content-Length, or -1 when absent or not one plain number. */
    private static long declaredLength(HttpRequest request) {
        List<String> values = request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (values.size() != 1) {
            return -1;
        }
        try {
            long n = Long.parseLong(values.get(0).strip());
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(Channel channel, HttpRequest request, Refusal refusal) {
        Object remote = channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "?";
        refusals.refused(
                "Socket.IO request from {} refused with {}: {} ({} {})",
                remote,
                refusal.status().code(),
                refusal.message(),
                request.method(),
                brief(request.uri()));
        byte[] body = ("{\"code\":" + refusal.code() + ",\"message\":\"" + refusal.message() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        // From the tail, so that the response goes through the encoder behind this handler.
        channel.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !(channel instanceof SocketChannel socket)) {
                channel.close();
                return;
            }
            // Closing with unread bytes would reset the connection and could lose the answer: stop
            // sending, drop whatever still arrives, and close once the sender is done or the drain is over.
            socket.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), DRAIN_MS, TimeUnit.MILLISECONDS);
        });
    }

    private static String brief(String uri) {
        String clean = uri.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
