package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import io.netty.channel.ChannelPipeline;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.api.connections.OpenConnections;

/**
 * netty-socketio's pipeline with the box's checks in front: the connection caps first, then the
 * {@link EngineGate} between the HTTP decoder and the aggregator, where a request's head is known
 * and its body not yet read, and the {@link ConnectGate} before the packet handler. (netty-socketio's own checks, session id included, run only after the
 * aggregator has read the whole body into memory.)
 */
final class GatedPipeline extends SocketIOChannelInitializer {

    private final OpenConnections connections;
    private final String path;
    private final SocketOrigins origins;
    private final LiveSessions sessions;
    private final PollingBodies bodies;
    private final int maxBodyBytes;
    private final RefusalLog refusals;
    private final ConnectGate connectGate;

    GatedPipeline(
            OpenConnections connections,
            String path,
            SocketOrigins origins,
            LiveSessions sessions,
            PollingBodies bodies,
            int maxBodyBytes,
            RefusalLog refusals,
            ConnectGate connectGate) {
        this.connections = connections;
        this.path = path;
        this.origins = origins;
        this.sessions = sessions;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
        this.refusals = refusals;
        this.connectGate = connectGate;
    }

    /**
     * Puts this pipeline in place of {@code server}'s own. The server made a default one, whose timer
     * nobody would stop; it is stopped here so that Netty does not report it as leaked when collected.
     * (Found by reflection: if a later netty-socketio renames the fields, only that report comes back.)
     */
    void replaceIn(SocketIOServer server) {
        try {
            java.lang.reflect.Field own = SocketIOServer.class.getDeclaredField("pipelineFactory");
            own.setAccessible(true);
            Object replaced = own.get(server);
            java.lang.reflect.Field timer = SocketIOChannelInitializer.class.getDeclaredField("scheduler");
            timer.setAccessible(true);
            if (replaced != null && timer.get(replaced) instanceof CancelableScheduler scheduler) {
                scheduler.shutdown();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Nothing lost but a tidy log.
        }
        server.setPipelineFactory(this);
    }

    /** The Socket.IO caps, which a connection handed over from the HTTP port moves to. */
    OpenConnections connections() {
        return connections;
    }

    /**
     * Puts the same handlers, each connection's own where the Socket.IO port has its own, at the end of
     * an HTTP connection's pipeline whose last handler is the HTTP codec named {@code codec} (see
     * {@link HandOver}). That codec decodes and encodes in place of netty-socketio's own decoder and
     * encoder; the Engine.IO gate goes right behind it. Works only once the server has started, which
     * is when netty-socketio makes the handlers.
     */
    void handOver(ChannelPipeline pipeline, String codec) {
        if (pipeline.last() != pipeline.get(codec)) {
            throw new IllegalStateException("The HTTP codec " + codec + " is not last in " + pipeline.names());
        }
        // netty-socketio runs acknowledgement timeouts on the executor of the last connection it set up.
        super.handlerAdded(pipeline.context(codec));
        super.addSocketioHandlers(pipeline);
        pipeline.remove(HTTP_REQUEST_DECODER);
        pipeline.remove(HTTP_ENCODER);
        pipeline.addAfter(codec, "omb.closingAnswers", ClosingAnswers.INSTANCE);
        pipeline.addBefore(
                HTTP_AGGREGATOR,
                "omb.engineGate",
                new EngineGate(path, origins, sessions, bodies, maxBodyBytes, refusals));
        pipeline.addBefore(PACKET_HANDLER, "omb.connectGate", connectGate);
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addFirst("omb.admission", connections.admission());
        pipeline.addAfter(HTTP_ENCODER, "omb.closingAnswers", ClosingAnswers.INSTANCE);
        pipeline.addAfter(
                HTTP_REQUEST_DECODER,
                "omb.engineGate",
                new EngineGate(path, origins, sessions, bodies, maxBodyBytes, refusals));
        pipeline.addBefore(PACKET_HANDLER, "omb.connectGate", connectGate);
    }
}
