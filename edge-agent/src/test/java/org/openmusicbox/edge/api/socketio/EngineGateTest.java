package org.openmusicbox.edge.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.access.RefusalLog;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO gate on its own, in an in-memory pipeline shaped like netty-socketio's (decoder, gate,
 * then what the aggregator would see): what it lets through, what it refuses from the head alone, and
 * the polling budget shared by all connections.
 */
class EngineGateTest {

    private static final int MAX_BODY = 2_000;
    private static final long BUDGET = 3_000;

    /** Room for the one live session below and one more. */
    private final LiveSessions sessions = new LiveSessions(2);

    private final PollingBodies bodies = new PollingBodies(BUDGET);
    private final SocketOrigins origins = new SocketOrigins("", 8000, 8001);
    private final RefusalLog refusals =
            new RefusalLog(LoggerFactory.getLogger(EngineGateTest.class), 100, System::currentTimeMillis);
    private final String sid = UUID.randomUUID().toString();

    EngineGateTest() {
        sessions.createStore(UUID.fromString(sid));
    }

    /** What reached the handler behind the gate, in order. */
    private static final class Behind extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();
        long bodyBytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg instanceof HttpRequest ? "head" : msg instanceof LastHttpContent ? "last" : "content");
            if (msg instanceof HttpContent c) {
                bodyBytes += c.content().readableBytes();
            }
            ReferenceCountUtil.release(msg);
        }
    }

    private final class Connection {
        final Behind behind = new Behind();
        final EmbeddedChannel channel = new EmbeddedChannel(
                new HttpResponseEncoder(),
                new HttpRequestDecoder(),
                new EngineGate("/socket.io/", origins, sessions, bodies, MAX_BODY, refusals),
                behind);

        Connection send(String text) {
            channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
            return this;
        }

        Connection send(byte[] bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            return this;
        }

        /** The status of the answer the gate wrote, or null when it wrote none. */
        Integer answered() {
            Object out = channel.readOutbound();
            if (out == null) {
                return null;
            }
            ByteBuf bytes = (ByteBuf) out;
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            bytes.release();
            return Integer.parseInt(text.substring(9, 12));
        }
    }

    private static String post(String query, long length) {
        return "POST /socket.io/?" + query
                + " HTTP/1.1\r\nHost: box:8001\r\nContent-Type: text/plain\r\nContent-Length: " + length + "\r\n\r\n";
    }

    @Test
    void aHandshakeIsRefusedWhileTheSessionsAreFullButALiveSessionStillGetsThrough() {
        String handshake = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: box:8001\r\n\r\n";
        Connection first = new Connection().send(handshake);
        assertNull(first.answered(), "with room for one more, the handshake goes on");
        assertEquals(List.of("head", "last"), first.behind.seen);

        sessions.createStore(UUID.randomUUID());
        Connection refused = new Connection().send(handshake);
        assertEquals(503, refused.answered());
        assertTrue(refused.behind.seen.isEmpty(), "nothing reached netty-socketio: " + refused.behind.seen);

        Connection live = new Connection()
                .send("GET /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: box:8001\r\n\r\n");
        assertNull(live.answered(), "a session that is open keeps polling");
        assertEquals(List.of("head", "last"), live.behind.seen);
    }

    @Test
    void aPollingBodyWithoutASessionIsRefusedFromItsHeadAndItsBytesAreDropped() {
        byte[] head = post("EIO=4&transport=polling", 1_900_000).getBytes(StandardCharsets.ISO_8859_1);
        byte[] start = new byte[head.length + 64 * 1024];
        System.arraycopy(head, 0, start, 0, head.length);
        Connection c = new Connection().send(start);
        assertEquals(400, c.answered());
        assertTrue(c.behind.seen.isEmpty(), "nothing of the request reached netty-socketio: " + c.behind.seen);
        assertFalse(c.channel.isOpen(), "the connection is closed");
        assertEquals(0, bodies.held());
    }

    @Test
    void aBodyLargerThanAllowedIsRefusedWith413EvenForALiveSession() {
        Connection c = new Connection().send(post("EIO=4&transport=polling&sid=" + sid, MAX_BODY + 1));
        assertEquals(413, c.answered());
        assertTrue(c.behind.seen.isEmpty());
    }

    @Test
    void unknownSessionsWrongPathsVersionsTransportsAndMissingLengthsAreRefused() {
        assertEquals(
                400,
                new Connection()
                        .send(post("EIO=4&transport=polling&sid=" + UUID.randomUUID(), 2))
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send(post("EIO=4&transport=polling&sid=not-a-uuid", 2))
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send(post("EIO=4&transport=polling&sid=" + sid + "&sid=" + sid, 2))
                        .answered());
        assertEquals(
                404,
                new Connection()
                        .send(post("EIO=4&transport=polling&sid=" + sid, 2).replace("/socket.io/", "/other/"))
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send(post("EIO=9&transport=polling&sid=" + sid, 2))
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send(post("EIO=4&transport=carrier-pigeon&sid=" + sid, 2))
                        .answered());
        assertEquals(
                411,
                new Connection()
                        .send("POST /socket.io/?EIO=4&transport=polling&sid=" + sid
                                + " HTTP/1.1\r\nHost: box\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send("PUT /socket.io/?EIO=4&transport=polling&sid=" + sid
                                + " HTTP/1.1\r\nHost: box\r\nContent-Length: 0\r\n\r\n")
                        .answered());
        assertEquals(
                400,
                new Connection()
                        .send("GET /socket.io/?EIO=4&transport=polling"
                                + " HTTP/1.1\r\nHost: box\r\nContent-Length: 5\r\n\r\nhello")
                        .answered());
        assertEquals(
                403,
                new Connection()
                        .send("GET /socket.io/?EIO=4&transport=polling"
                                + " HTTP/1.1\r\nHost: box:8001\r\nOrigin: http://elsewhere.example\r\n\r\n")
                        .answered());
    }

    @Test
    void engineIo3HandshakesAreRefusedOnBothTransportsLikeTheOriginal() {
        for (String transport : new String[] {"polling", "websocket"}) {
            Connection c = new Connection()
                    .send("GET /socket.io/?EIO=3&transport=" + transport + " HTTP/1.1\r\n"
                            + "Host: box:8001\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
            assertEquals(400, c.answered(), transport);
            assertTrue(c.behind.seen.isEmpty(), transport + ": netty-socketio never saw it");
        }
        assertEquals(
                400,
                new Connection()
                        .send("GET /socket.io/?transport=polling HTTP/1.1\r\nHost: box:8001\r\n\r\n")
                        .answered(),
                "no EIO at all");
    }

    @Test
    void aGoodRequestPassesWholeAndUntouched() {
        Connection c = new Connection().send(post("EIO=4&transport=polling&sid=" + sid, 2) + "40");
        assertNull(c.answered(), "the gate did not answer a good request itself");
        assertEquals("head", c.behind.seen.get(0));
        assertEquals("last", c.behind.seen.get(c.behind.seen.size() - 1));
        assertEquals(2, c.behind.bodyBytes);
        assertEquals(0, bodies.held(), "the budget is given back once the body was handled");
        Connection handshake = new Connection()
                .send("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: box:8001\r\n"
                        + "Origin: http://box:8000\r\n\r\n");
        assertNull(handshake.answered());
        assertEquals("head", handshake.behind.seen.get(0));
    }

    @Test
    void pollingBodiesShareOneBudgetThatIsGivenBackWhenABodyEndsOrItsConnectionCloses() {
        Connection slow = new Connection()
                .send(post("EIO=4&transport=polling&sid=" + sid, MAX_BODY))
                .send(new byte[10]);
        assertNull(slow.answered());
        assertEquals(MAX_BODY, bodies.held());

        Connection second = new Connection().send(post("EIO=4&transport=polling&sid=" + sid, 1_500));
        assertEquals(503, second.answered(), "no room left in the budget");

        slow.send(new byte[MAX_BODY - 10]);
        assertEquals("last", slow.behind.seen.get(slow.behind.seen.size() - 1));
        assertEquals(0, bodies.held());

        Connection third = new Connection().send(post("EIO=4&transport=polling&sid=" + sid, 1_500));
        assertNull(third.answered(), "room again once the first body was handled");
        assertEquals(1_500, bodies.held());
        third.channel.close();
        assertEquals(0, bodies.held(), "a connection closed in the middle of its body gives its share back");
    }

    @Test
    void theAnswerToAPollingPostLeavesOnlyOnceItsPacketsWereHandled() {
        // As netty-socketio does: the answer is written and flushed first, the packets handled after.
        List<Integer> answersOutWhileHandling = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(
                new HttpResponseEncoder(),
                new HttpRequestDecoder(),
                new EngineGate("/socket.io/", origins, sessions, bodies, MAX_BODY, refusals),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof LastHttpContent) {
                            ctx.channel()
                                    .writeAndFlush(
                                            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
                            answersOutWhileHandling.add(((EmbeddedChannel) ctx.channel())
                                    .outboundMessages()
                                    .size());
                        }
                        ReferenceCountUtil.release(msg);
                    }
                });
        channel.writeInbound(Unpooled.copiedBuffer(
                post("EIO=4&transport=polling&sid=" + sid, 2) + "40", StandardCharsets.ISO_8859_1));
        assertEquals(List.of(0), answersOutWhileHandling, "nothing left before the packets were handled");
        assertFalse(channel.outboundMessages().isEmpty(), "the answer left after");
        channel.releaseOutbound();

        channel.writeInbound(Unpooled.copiedBuffer(
                "GET /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: box:8001\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        assertEquals(2, answersOutWhileHandling.size());
        assertTrue(answersOutWhileHandling.get(1) > 0, "a poll's answer is not held");
        channel.finishAndReleaseAll();
    }
}
