package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.listener.DataListener;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.api.connections.FileLimit;
import org.openmusicbox.edge.api.connections.OpenConnections;
import org.openmusicbox.edge.api.connections.SharedPort;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO endpoint (Engine.IO 4, WebSocket and polling, path {@code /socket.io}) and the
 * box's {@link Fanout}. Payloads already encoded by the box go out as raw JSON, so an event sent to
 * two hundred clients is encoded once.
 */
public final class SocketServer implements Fanout, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    private final SocketIOServer server;
    private final JsonCodec codec;
    private final SocketOrigins origins;
    private final GatedPipeline pipeline;
    private volatile boolean started;
    private final List<java.util.function.Consumer<SocketIOClient>> connectAnswered =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public SocketServer(EdgeConfig config, JsonCodec codec) {
        this.codec = codec;
        Configuration c = new Configuration();
        c.setHostname(config.bind());
        c.setPort(
                config.socketio().port() == 0
                        ? freePort(config.bind())
                        : config.socketio().port());
        c.setContext("/socket.io");
        c.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        c.setPingInterval(10_000);
        c.setPingTimeout(20_000);
        c.setMaxFramePayloadLength(config.socketio().maxPayloadBytes());
        c.setMaxHttpContentLength(config.socketio().maxPayloadBytes());
        c.setFirstDataTimeout(config.socketio().requestReadTimeoutMs());
        c.setBossThreads(1);
        c.setWorkerThreads(2);
        // No fixed origin: netty-socketio then echoes the request's Origin, and only origins the gate
        // allowed get that far (never "*" together with credentials).
        c.setOrigin(null);
        LiveSessions sessions = new LiveSessions(config.socketio().maxSessions());
        c.setStoreFactory(sessions);
        this.origins =
                new SocketOrigins(config.http().allowedOrigins(), config.http().port(), c.getPort());
        // Per-connection deflate costs about 230 KB of native memory per client (measured with 200
        // clients: 127 MiB RSS with it, 86 MiB without) and saves nothing worth having on a home LAN.
        c.setWebsocketCompression(false);
        c.setHttpCompression(false);
        // Without it a quick restart cannot bind while the old socket lingers in TIME_WAIT.
        c.getSocketConfig().setReuseAddress(true);
        c.getSocketConfig().setTcpNoDelay(true);
        c.setExceptionListener(new QuietExceptions());
        c.setJsonSupport(new SocketJson());
        this.server = new SocketIOServer(c);
        EdgeConfig.Socketio limits = config.socketio();
        RefusalLog refusals = new RefusalLog(log, 30, System::currentTimeMillis);
        OpenConnections connections = new OpenConnections(
                "Socket.IO",
                limits.maxConnectionsPerAddress(),
                FileLimit.fit(limits.maxConnections(), "omb.socketio.max-connections", log),
                refusals);
        this.pipeline = new GatedPipeline(
                connections,
                c.getContext() + "/",
                origins,
                sessions,
                new PollingBodies(limits.pollingBytesInFlight()),
                limits.maxPayloadBytes(),
                refusals,
                connectGate());
        pipeline.replaceIn(server);
    }

    /**
     * Socket.IO at {@code /socket.io/} on the HTTP port too, with this server's handlers, checks, caps
     * and clients (see {@link HandOver}).
     */
    public SharedPort sharedPort() {
        return (httpPipeline, codec, from) ->
                httpPipeline.addAfter(codec, HandOver.NAME, new HandOver(pipeline, from, codec, () -> started));
    }

    /** The port the parents' page is served from, once known: pages from there may open sockets. */
    public void pageServedOn(int httpPort) {
        origins.pageServedOn(httpPort);
    }

    /**
     * The {@link ConnectGate} that goes in front of the library's packet handler, so that a CONNECT
     * without {@code auth} is checked too and {@link #onConnectAnswered} hears about each CONNECT.
     */
    private ConnectGate connectGate() {
        return new ConnectGate(head -> {
            SocketIOClient client = server.getClient(head.getSessionId());
            if (client != null) {
                connectAnswered.forEach(listener -> listener.accept(client));
            }
        });
    }

    /**
     * Called on a Netty thread after a client's CONNECT to the default namespace was answered
     * ({@code 40{sid}} or a refusal), whether or not it carried {@code auth}.
     */
    public void onConnectAnswered(java.util.function.Consumer<SocketIOClient> listener) {
        connectAnswered.add(listener);
    }

    /**
     * Registers a handler whose payload arrives as a JSON tree (null when the client sent none).
     * Package-private: events are registered through {@link SocketEvents#on} or
     * {@link SocketOperations#on}, which check the sender's access and budget.
     */
    void on(String event, DataListener<JsonNode> listener) {
        server.addEventListener(event, JsonNode.class, listener);
    }

    /**
     * Called with the {@code auth} a client sends when it connects: an empty map when it sent none,
     * {@link SocketJson#UNREADABLE_AUTH} when it sent something that is not a JSON object.
     */
    public void onAuth(com.corundumstudio.socketio.AuthTokenListener listener) {
        server.getNamespace(com.corundumstudio.socketio.namespace.Namespace.DEFAULT_NAME)
                .addAuthTokenListener(listener);
    }

    public void onDisconnect(java.util.function.Consumer<SocketIOClient> listener) {
        server.addDisconnectListener(listener::accept);
    }

    /**
     * netty-socketio does not tell which port it bound when asked for port 0, and the web page must know
     * it (from /api/system/info), so a free one is chosen here. Only tests and benchmarks ask for 0.
     */
    private static int freePort(String host) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "Cannot find a free port on " + host + " for Socket.IO: " + e.getMessage(), e);
        }
    }

    /** Binds the port; a failure here is a failed start of the whole agent. */
    public void start() {
        try {
            server.startAsync().syncUninterruptibly();
            started = true;
        } catch (RuntimeException e) {
            try {
                server.stop();
            } catch (RuntimeException stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw new IllegalStateException(
                    "Cannot open Socket.IO on " + server.getConfiguration().getHostname() + ":"
                            + server.getConfiguration().getPort() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Whether the server is listening: health's {@code services.websocket}. */
    public boolean started() {
        return started;
    }

    /** The bound port, useful when the configured port was 0. */
    public int port() {
        return server.getConfiguration().getPort();
    }

    /** Every connected client, for a change of access that concerns some of them (a phone removed). */
    public java.util.Collection<SocketIOClient> clients() {
        return server.getAllClients();
    }

    public SocketIOClient client(String clientId) {
        try {
            return server.getClient(UUID.fromString(clientId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void toRoom(String room, String event, EncodedJson json) {
        server.getRoomOperations(room).sendEvent(event, wire(event, json));
    }

    @Override
    public void toClient(String clientId, String event, EncodedJson json) {
        SocketIOClient client = client(clientId);
        if (client != null) {
            client.sendEvent(event, wire(event, json));
        }
    }

    @Override
    public void toEveryone(String event, EncodedJson json) {
        server.getBroadcastOperations().sendEvent(event, wire(event, json));
    }

    /** Sends to every connected client, encoded here (for the rare events not kept in the history). */
    public void toEveryone(String event, Object payload) {
        server.getBroadcastOperations().sendEvent(event, wire(payload));
    }

    /** Sends to one connected client. */
    public void send(SocketIOClient client, String event, Object payload) {
        client.sendEvent(event, wire(payload));
    }

    private Object wire(Object payload) {
        return payload instanceof EncodedJson json ? raw(json) : new RawValue(codec.toJson(payload));
    }

    /** Written into the Socket.IO packet as it is: the box encoded it once for every client. */
    private static RawValue raw(EncodedJson json) {
        return new RawValue(json.json());
    }

    /** The whole argument list, encoded once here for every client the event goes to. */
    private WireEvent wire(String event, EncodedJson json) {
        return new WireEvent(event, json, codec.toJson(event));
    }

    /** Stops the server; one that never started has nothing to stop (netty-socketio would fail). */
    @Override
    public void close() {
        if (started) {
            started = false;
            server.stop();
        }
    }

    /** Bad frames and dropped connections are the client's problem: one line each, no stack trace. */
    private static final class QuietExceptions extends ExceptionListenerAdapter {
        @Override
        public void onEventException(Exception e, List<Object> args, SocketIOClient client) {
            log.warn("Socket.IO event from {} failed: {}", client.getSessionId(), e.toString());
        }

        @Override
        public void onAuthException(Throwable e, SocketIOClient client) {
            log.warn("Socket.IO authorisation for {} failed: {}", client.getSessionId(), e.toString());
        }

        @Override
        public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
            Object remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : "?";
            log.debug("Socket.IO connection {} closed: {}", remote, e.toString());
            ctx.close();
            return true;
        }
    }
}
