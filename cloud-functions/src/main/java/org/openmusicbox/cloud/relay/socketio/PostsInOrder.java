package org.openmusicbox.cloud.relay.socketio;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds back the answer to an Engine.IO polling POST until the packets in its body have been handled.
 * netty-socketio answers first and handles after, and a phone's next POST may come on another connection,
 * handled on another thread: its packets could then overtake the ones before and reach the box out of order
 * (a rename, then another, ending at the first). A client sends its next POST only once the last one is
 * answered, so answering last keeps a phone's packets in the order it sent them. The box does the same in
 * its {@code EngineGate}.
 *
 * <p>One instance per connection, between the HTTP codec and netty-socketio's aggregator, which hands the
 * whole request on, and netty-socketio answers it and handles its packets, within the read of its last part.
 */
final class PostsInOrder extends ChannelDuplexHandler {

    private record Held(Object msg, ChannelPromise promise) {}

    private final List<Held> held = new ArrayList<>();
    private boolean posting;
    private boolean holding;
    private boolean flushHeld;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            posting = request.method().equals(HttpMethod.POST);
        }
        if (!(msg instanceof LastHttpContent && posting)) {
            ctx.fireChannelRead(msg);
            return;
        }
        posting = false;
        holding = true;
        try {
            ctx.fireChannelRead(msg);
        } finally {
            holding = false;
            held.forEach(h -> ctx.write(h.msg(), h.promise()));
            held.clear();
            if (flushHeld) {
                flushHeld = false;
                ctx.flush();
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (holding) {
            held.add(new Held(msg, promise));
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (holding) {
            flushHeld = true;
        } else {
            ctx.flush();
        }
    }
}
