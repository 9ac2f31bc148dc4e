package org.openmusicbox.edge.api.socketio;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Says {@code Connection: close} on every Engine.IO answer that is not a WebSocket upgrade.
 * netty-socketio closes a polling connection right after its answer while that answer says
 * {@code keep-alive}; a client that believes it reuses the connection for its next request and
 * loses it to the close ("other side closed"), which for a POST means a lost Socket.IO packet.
 */
@ChannelHandler.Sharable
final class ClosingAnswers extends ChannelOutboundHandlerAdapter {

    static final ClosingAnswers INSTANCE = new ClosingAnswers();

    private ClosingAnswers() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        super.write(ctx, msg, promise);
    }
}
