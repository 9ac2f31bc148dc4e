package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Makes every Socket.IO CONNECT to the default namespace pass the access check, and tells when one
 * has been answered. netty-socketio 2.0.14 asks its auth listeners only when a CONNECT carries data:
 * a bare {@code 40} was admitted without any check, so a client that sent no {@code auth} could
 * watch a box whose parent had closed reading. Here a bare {@code 40} becomes {@code 40{}} before
 * the library decodes it, so it is checked like an empty {@code auth}, and refused the same way
 * ({@code 44{message}}, which socket.io-client reports as {@code connect_error}).
 *
 * <p>{@code answered} runs after the library has queued its answer to the CONNECT ({@code 40{sid}}
 * or {@code 44{...}}), so whatever it sends the client arrives after that answer.
 */
@ChannelHandler.Sharable
final class ConnectGate extends ChannelInboundHandlerAdapter {

    /** Engine.IO v4 separates packets of one polling body with this byte. */
    private static final byte SEPARATOR = 0x1E;

    private static final byte[] BARE_CONNECT = "40".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECT_WITH_EMPTY_AUTH = "40{}".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ClientHead> answered;

    ConnectGate(Consumer<ClientHead> answered) {
        this.answered = answered;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof PacketsMessage packets)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf content = packets.getContent();
        boolean connects = hasConnect(content);
        ByteBuf rewritten = connects ? withAuthOnBareConnects(content) : null;
        if (rewritten == null) {
            ctx.fireChannelRead(msg);
        } else {
            try {
                ctx.fireChannelRead(new PacketsMessage(packets.getClient(), rewritten, packets.getTransport()));
            } finally {
                rewritten.release();
            }
        }
        if (connects) {
            answered.accept(packets.getClient());
        }
    }

    /** Whether any packet of the message starts with {@code 40} (a CONNECT, to any namespace). */
    static boolean hasConnect(ByteBuf content) {
        int end = content.writerIndex();
        int start = content.readerIndex();
        while (start < end) {
            int stop = content.indexOf(start, end, SEPARATOR);
            int packetEnd = stop < 0 ? end : stop;
            if (packetEnd - start >= 2 && content.getByte(start) == '4' && content.getByte(start + 1) == '0') {
                return true;
            }
            start = packetEnd + 1;
        }
        return false;
    }

    /** The same packets with each bare {@code 40} given an empty {@code auth}; null when there is none. */
    static ByteBuf withAuthOnBareConnects(ByteBuf content) {
        int end = content.writerIndex();
        int start = content.readerIndex();
        ByteBuf out = null;
        int copiedUpTo = start;
        while (start < end) {
            int stop = content.indexOf(start, end, SEPARATOR);
            int packetEnd = stop < 0 ? end : stop;
            if (packetEnd - start == BARE_CONNECT.length
                    && content.getByte(start) == '4'
                    && content.getByte(start + 1) == '0') {
                if (out == null) {
                    out = Unpooled.buffer(content.readableBytes() + 8);
                }
                out.writeBytes(content, copiedUpTo, start - copiedUpTo);
                out.writeBytes(CONNECT_WITH_EMPTY_AUTH);
                copiedUpTo = packetEnd;
            }
            start = packetEnd + 1;
        }
        if (out != null) {
            out.writeBytes(content, copiedUpTo, end - copiedUpTo);
        }
        return out;
    }
}
