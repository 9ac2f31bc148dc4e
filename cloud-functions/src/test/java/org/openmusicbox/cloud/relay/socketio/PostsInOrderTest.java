package org.openmusicbox.cloud.relay.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostsInOrderTest {

    /** Answers each request as netty-socketio does (answer written and flushed, then the packets handled). */
    private final List<Integer> outWhileHandling = new ArrayList<>();

    private final EmbeddedChannel channel = new EmbeddedChannel(
            new HttpResponseEncoder(),
            new HttpRequestDecoder(),
            new PostsInOrder(),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof LastHttpContent) {
                        ctx.channel()
                                .writeAndFlush(
                                        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
                        outWhileHandling.add(((EmbeddedChannel) ctx.channel())
                                .outboundMessages()
                                .size());
                    }
                    ReferenceCountUtil.release(msg);
                }
            });

    private void send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    }

    @Test
    void thePostAnswerLeavesOnlyOnceItsPacketsWereHandledAndAPollIsNotHeld() {
        send("POST /socket.io/?omb_box=b&EIO=4&transport=polling&sid=s HTTP/1.1\r\nHost: relay\r\n"
                + "Content-Length: 2\r\n\r\n40");
        assertThat(outWhileHandling).containsExactly(0);
        assertThat(channel.outboundMessages()).as("the answer left after").isNotEmpty();
        channel.releaseOutbound();

        send("GET /socket.io/?omb_box=b&EIO=4&transport=polling&sid=s HTTP/1.1\r\nHost: relay\r\n\r\n");
        assertThat(outWhileHandling).hasSize(2);
        assertThat(outWhileHandling.get(1)).as("a poll's answer is not held").isPositive();

        send("POST /socket.io/?omb_box=b&EIO=4&transport=polling&sid=s HTTP/1.1\r\nHost: relay\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(outWhileHandling).hasSize(3);
        assertThat(outWhileHandling.get(2)).as("an empty POST is held too").isEqualTo(outWhileHandling.get(1));
        channel.finishAndReleaseAll();
    }
}
