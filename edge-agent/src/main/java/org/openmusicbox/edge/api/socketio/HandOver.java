package org.openmusicbox.edge.api.socketio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.openmusicbox.edge.api.connections.OpenConnections;
import org.openmusicbox.edge.api.connections.RequestDeadlines;

/**
 * Socket.IO on the HTTP port, as the original serves it: one per HTTP connection, right behind Reactor
 * Netty's HTTP codec. A request for {@code /socket.io/} turns its connection into a Socket.IO
 * connection for good: Reactor Netty's handlers (and the HTTP deadlines) leave, the
 * {@link GatedPipeline}'s handlers take their place behind the same codec, the connection moves to the
 * Socket.IO caps, and the request goes on to the {@link EngineGate} exactly as if it had come in on the
 * Socket.IO port. netty-socketio closes a polling connection after each answer, as it does on its own
 * port, so a browser's kept-alive connection that served the API and then one Engine.IO request is
 * closed after that answer and its next request opens a new connection.
 *
 * <p>Only the path written exactly {@code /socket.io/} (with or without a query) is taken; every other
 * spelling ({@code /socket.io}, {@code /socket%2Eio/}, {@code //socket.io/}, {@code /socket.io/;x})
 * stays HTTP's, where {@code CanonicalPath} or the router answers 404. The raw request target is
 * compared, before anything decodes it, so no second spelling reaches either side.
 *
 * <p>A Socket.IO request pipelined behind an HTTP request still being answered cannot be answered
 * in order by another protocol: it is dropped and the connection closed once that answer is out.
 * Browsers and Engine.IO clients do not pipeline.
 */
final class HandOver extends ChannelDuplexHandler {

    static final String NAME = "omb.socketio";
    private static final String PATH = "/socket.io/";

    private final GatedPipeline socketio;
    private final OpenConnections from;
    private final String codec;
    private final BooleanSupplier open;
    /** HTTP requests passed on to Reactor Netty and not yet answered. */
    private int answering;

    private boolean dropping;

    HandOver(GatedPipeline socketio, OpenConnections from, String codec, BooleanSupplier open) {
        this.socketio = socketio;
        this.from = from;
        this.codec = codec;
        this.open = open;
    }

    /** Whether a request target is Engine.IO's, compared as sent. */
    static boolean engineIo(String target) {
        return target.startsWith(PATH) && (target.length() == PATH.length() || target.charAt(PATH.length()) == '?');
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (dropping) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            // Before the server started or once it stops, its handlers are not there to take the
            // connection: the request stays HTTP's, which has no such route (404).
            if (engineIo(request.uri()) && open.getAsBoolean()) {
                if (answering > 0) {
                    dropping = true;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                handOver(ctx, request);
                return;
            }
            answering++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean interim = msg instanceof HttpResponse r && r.status().equals(HttpResponseStatus.CONTINUE);
        if (msg instanceof LastHttpContent && !interim) {
            ChannelPromise p = promise.unvoid();
            p.addListener(f -> {
                if (answering > 0) {
                    answering--;
                }
                if (dropping && answering == 0) {
                    ctx.channel().close();
                }
            });
            ctx.write(msg, p);
            return;
        }
        ctx.write(msg, promise);
    }

    private void handOver(ChannelHandlerContext ctx, HttpRequest request) {
        Channel channel = ctx.channel();
        if (!from.handOver(channel, socketio.connections())) {
            dropping = true;
            ReferenceCountUtil.release(request);
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        RequestDeadlines.uninstall(pipeline);
        // Everything behind the codec handles HTTP requests for Reactor Netty (this handler included).
        // No request of its own is in progress (answering is 0), so it has nothing to finish.
        List<String> behind = new ArrayList<>();
        boolean seen = false;
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            if (seen) {
                behind.add(e.getKey());
            } else if (e.getKey().equals(codec)) {
                seen = true;
            }
        }
        behind.forEach(pipeline::remove);
        socketio.handOver(pipeline, codec);
        pipeline.context(codec).fireChannelRead(request);
        // Reactor Netty reads only when a request asks for more; netty-socketio expects every byte.
        channel.config().setAutoRead(true);
    }
}
