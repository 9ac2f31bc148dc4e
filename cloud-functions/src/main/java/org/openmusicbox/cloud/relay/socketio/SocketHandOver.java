package org.openmusicbox.cloud.relay.socketio;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits right behind Reactor Netty's HTTP codec on every connection of the relay's port. A request for
 * {@code /boxes/{device_id}/socket.io/}, written exactly so (the raw target, before anything decodes it; with or
 * without a query), turns its connection into a Socket.IO connection: Reactor Netty's handlers leave, netty-socketio's
 * take their place, and the request goes on as {@code /socket.io/?omb_box={device_id}&...}. The box is the first
 * query parameter; a client that sends its own {@code omb_box} makes it appear twice and is refused at connect.
 * Every other spelling stays HTTP's, where the router answers 404.
 *
 * <p>A Socket.IO request pipelined behind an HTTP request still being answered is dropped and the connection closed
 * once that answer is out: browsers and Engine.IO clients do not pipeline.
 */
final class SocketHandOver extends ChannelDuplexHandler {

    static final String NAME = "omb.relay.socketio";
    static final String BOX_PARAMETER = "omb_box";
    private static final Pattern TARGET = Pattern.compile("/boxes/([A-Za-z0-9_-]{1,64})/socket\\.io/(\\?(.*))?");

    private final RelayPipeline socketio;
    private final String codec;
    private final BooleanSupplier open;
    private int answering;
    private boolean dropping;

    SocketHandOver(RelayPipeline socketio, String codec, BooleanSupplier open) {
        this.socketio = socketio;
        this.codec = codec;
        this.open = open;
    }

    /** The target as netty-socketio gets it, or null when {@code target} is not a box's Socket.IO path. */
    static String rewritten(String target) {
        Matcher m = TARGET.matcher(target);
        if (!m.matches()) {
            return null;
        }
        String query = m.group(3);
        return "/socket.io/?" + BOX_PARAMETER + "=" + m.group(1)
                + (query == null || query.isEmpty() ? "" : "&" + query);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (dropping) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            String target = open.getAsBoolean() ? rewritten(request.uri()) : null;
            if (target != null) {
                if (answering > 0) {
                    dropping = true;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                request.setUri(target);
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
        ChannelPipeline pipeline = channel.pipeline();
        // Everything behind the codec serves HTTP for Reactor Netty (this handler too); nothing of it is in use.
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
