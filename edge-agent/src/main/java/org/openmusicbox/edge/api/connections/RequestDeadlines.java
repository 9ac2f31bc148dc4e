package org.openmusicbox.edge.api.connections;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.edge.access.RefusalLog;

/**
 * Deadlines of one HTTP/1.1 connection: a request's headers must all arrive within the header-read
 * timeout, counted from the connection's opening or from the first byte of the next request (so a
 * sender trickling one byte at a time cannot push it back), and a kept-alive connection with no
 * request is closed after the idle timeout. Once a request's headers are in, the request is the
 * router's business; the connection is not timed until its answer has been written.
 *
 * <p>Two handlers share one instance: {@link #bytes()} before the HTTP codec (it sees the first byte
 * of a request) and {@link #messages()} after it (it sees whole request heads and the end of each answer).
 * Both run on the connection's event loop, so the state needs no locking.
 */
public final class RequestDeadlines {

    private enum Phase {
        HEADERS,
        BUSY,
        IDLE
    }

    private final long headerReadMs;
    private final long idleMs;
    private final RefusalLog refusals;
    private Phase phase = Phase.HEADERS;
    private int inProgress;
    private ScheduledFuture<?> deadline;
    /** Taken out of the pipeline: an answer whose write completes later must not start a timer. */
    private boolean removed;

    private RequestDeadlines(long headerReadMs, long idleMs, RefusalLog refusals) {
        this.headerReadMs = headerReadMs;
        this.idleMs = idleMs;
        this.refusals = refusals;
    }

    /**
     * Puts a new instance's handlers into one connection's pipeline: first after {@code first} (or at
     * the head when null) and right after the handler named {@code codec}.
     */
    public static void install(
            ChannelPipeline pipeline, String first, String codec, long headerReadMs, long idleMs, RefusalLog refusals) {
        if (pipeline.get(codec) == null) {
            throw new IllegalStateException("No handler named " + codec + " in " + pipeline.names());
        }
        RequestDeadlines d = new RequestDeadlines(headerReadMs, idleMs, refusals);
        if (first == null) {
            pipeline.addFirst("omb.requestBytes", d.bytes());
        } else {
            pipeline.addAfter(first, "omb.requestBytes", d.bytes());
        }
        pipeline.addAfter(codec, "omb.requestMessages", d.messages());
    }

    /**
     * Takes both handlers out of a connection handed to another protocol (Socket.IO on the HTTP port),
     * which keeps its own deadlines: these would close a WebSocket as an idle HTTP connection.
     */
    public static void uninstall(ChannelPipeline pipeline) {
        for (String name : new String[] {"omb.requestBytes", "omb.requestMessages"}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    private ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                arm(ctx, headerReadMs, true);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (phase == Phase.IDLE) {
                    phase = Phase.HEADERS;
                    arm(ctx, headerReadMs, true);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                cancel();
                ctx.fireChannelInactive();
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                removed = true;
                cancel();
            }
        };
    }

    private ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    inProgress++;
                    phase = Phase.BUSY;
                    cancel();
                    OpenConnections.requested(ctx.channel());
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                if (msg instanceof LastHttpContent) {
                    ChannelPromise p = promise.unvoid();
                    p.addListener(f -> answered(ctx));
                    ctx.write(msg, p);
                    return;
                }
                ctx.write(msg, promise);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                removed = true;
                cancel();
            }
        };
    }

    private void answered(ChannelHandlerContext ctx) {
        if (inProgress > 0 && --inProgress == 0 && ctx.channel().isActive()) {
            phase = Phase.IDLE;
            OpenConnections.waiting(ctx.channel());
            arm(ctx, idleMs, false);
        }
    }

    private void arm(ChannelHandlerContext ctx, long ms, boolean forHeaders) {
        cancel();
        if (removed) {
            return;
        }
        deadline = ctx.executor()
                .schedule(
                        () -> {
                            if (!ctx.channel().isActive()) {
                                return;
                            }
                            if (forHeaders) {
                                Object remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                                        ? a.getAddress().getHostAddress()
                                        : "?";
                                refusals.refused(
                                        "HTTP connection from {} closed: no complete request headers within {} ms",
                                        remote,
                                        ms);
                            }
                            ctx.close();
                        },
                        ms,
                        TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
