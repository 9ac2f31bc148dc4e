package org.openmusicbox.cloud.relay.socketio;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code Connection: close} on every Engine.IO answer but a WebSocket upgrade: netty-socketio closes a polling
 * connection after its answer, and a client told {@code keep-alive} would send its next packet into the closed one.
 */
@ChannelHandler.Sharable
final class ClosingAnswers extends ChannelOutboundHandlerAdapter {

    static final ClosingAnswers INSTANCE = new ClosingAnswers();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        super.write(ctx, msg, promise);
    }
}
