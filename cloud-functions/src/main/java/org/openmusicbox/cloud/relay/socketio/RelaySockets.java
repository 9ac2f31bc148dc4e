package org.openmusicbox.cloud.relay.socketio;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.listener.ExceptionListenerAdapter;
import com.corundumstudio.socketio.namespace.Namespace;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openmusicbox.cloud.relay.BoxCommands;
import org.openmusicbox.cloud.relay.BoxEvents;
import org.openmusicbox.cloud.relay.PhoneLists;
import org.openmusicbox.cloud.relay.Unanswered;
import org.openmusicbox.cloud.relay.Viewers;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.ClientPong;
import org.openmusicbox.protocol.v1.ConnectionStatus;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.OpError;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.DeviceCommand;
import org.openmusicbox.protocol.v1.mqtt.RemoteState;
import org.openmusicbox.protocol.v1.mqtt.SocketAnswer;
import org.openmusicbox.protocol.v1.mqtt.SocketCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;

/**
 * The phones' Socket.IO connections to their boxes. A CONNECT is let in only with {@code auth: {token}} of a phone
 * on that box's list ({@link PhoneLists}); each event but {@code client_ping} becomes a {@code socket} command to the
 * box, whose answer ({@link SocketAnswer}) is emitted to that client and whose rooms are remembered for it. Each
 * event the box mirrors ({@link RemoteState}) goes to this relay's viewers of that box in one of its rooms.
 */
public final class RelaySockets implements BoxEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelaySockets.class);

    /** The events a phone may send a box; any other is not the protocol's and goes nowhere. */
    static final List<String> FORWARDED = List.of(
            Events.JOIN_PLAYLISTS,
            Events.JOIN_PLAYLIST,
            Events.JOIN_NFC,
            Events.LEAVE_PLAYLISTS,
            Events.LEAVE_PLAYLIST,
            Events.LEAVE_NFC,
            Events.SYNC_REQUEST,
            Events.CLIENT_REQUEST_CURRENT_STATE,
            Events.HEALTH_CHECK,
            Events.START_NFC_LINK,
            Events.STOP_NFC_LINK,
            Events.OVERRIDE_NFC_TAG,
            "player:sleep_timer");

    private static final String BOX = "omb.box";
    private static final String PHONE = "omb.phone";
    private static final String CREDENTIAL = "omb.credential";
    private static final String ROOMS = "omb.rooms";
    /** How long a connection may stay without being let in. */
    static final long ADMISSION_SECONDS = 10;

    private final ScheduledExecutorService admission = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "omb-relay-admission");
        thread.setDaemon(true);
        return thread;
    });

    /** The newest {@code server_seq} each box mirrored: for what the relay answers itself. */
    private final java.util.concurrent.ConcurrentMap<String, Long> lastSeq =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final SocketIOServer server;
    private final RelayPipeline pipeline = new RelayPipeline();
    private final PhoneLists phones;
    private final BoxCommands commands;
    private final Viewers<SocketIOClient> viewers;
    private final JsonCodec codec;
    private volatile boolean started;

    public RelaySockets(PhoneLists phones, BoxCommands commands, Viewers<SocketIOClient> viewers, JsonCodec codec) {
        this.phones = phones;
        this.commands = commands;
        this.viewers = viewers;
        this.codec = codec;
        Configuration c = new Configuration();
        c.setHostname("127.0.0.1");
        c.setPort(0);
        c.setContext("/socket.io");
        c.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        c.setOrigin(null);
        c.setMaxFramePayloadLength(256 * 1024);
        c.setMaxHttpContentLength(256 * 1024);
        c.setBossThreads(1);
        c.setWorkerThreads(1);
        c.setWebsocketCompression(false);
        c.setHttpCompression(false);
        c.getSocketConfig().setReuseAddress(true);
        c.setExceptionListener(new QuietExceptions());
        server = new SocketIOServer(c);
        server.setPipelineFactory(pipeline);
        server.getNamespace(Namespace.DEFAULT_NAME).addAuthTokenListener(this::admit);
        server.addConnectListener(this::connected);
        server.addDisconnectListener(this::disconnected);
        server.addEventListener(Events.CLIENT_PING, JsonNode.class, (client, data, ack) -> ping(client, data));
        for (String event : FORWARDED) {
            server.addEventListener(event, JsonNode.class, (client, data, ack) -> forward(client, event, data));
        }
    }

    /** Puts the {@link SocketHandOver} on every connection of the relay's HTTP port. */
    public NettyServerCustomizer customizer() {
        return http -> http.doOnChannelInit((observer, channel, remote) -> channel.pipeline()
                .addAfter(
                        NettyPipeline.HttpCodec,
                        SocketHandOver.NAME,
                        new SocketHandOver(pipeline, NettyPipeline.HttpCodec, () -> started)));
    }

    public void start() {
        server.startAsync().syncUninterruptibly();
        started = true;
    }

    @Override
    public void close() {
        admission.shutdownNow();
        if (started) {
            started = false;
            server.stop();
        }
    }

    private AuthTokenResult admit(Object auth, SocketIOClient client) {
        List<String> boxes = client.getHandshakeData().getUrlParams().get(SocketHandOver.BOX_PARAMETER);
        String deviceId = boxes == null || boxes.size() != 1 ? null : boxes.get(0);
        String credential = auth instanceof Map<?, ?> map && map.get("token") instanceof String token ? token : null;
        Optional<String> phone = deviceId == null ? Optional.empty() : phones.phoneFor(deviceId, credential);
        if (phone.isEmpty()) {
            return new AuthTokenResult(
                    false, Map.of("message", "A credential of a phone paired with this box is required"));
        }
        client.set(BOX, deviceId);
        client.set(PHONE, phone.get());
        client.set(CREDENTIAL, credential);
        client.set(ROOMS, List.<String>of());
        viewers.joined(deviceId, client);
        // What the box sends a client it lets in, and what the page waits for before it joins its rooms. Sent
        // before the CONNECT's answer, which a Socket.IO client keeps until it is connected. The relay knows the
        // box's sequence only from what the box mirrored; 0 before that, which a client reads as "join, do not
        // catch up".
        send(
                client,
                Events.CONNECTION_STATUS,
                new ConnectionStatus(
                        ConnectionStatus.CONNECTED,
                        client.getSessionId().toString(),
                        lastSeq.getOrDefault(deviceId, 0L),
                        System.currentTimeMillis()));
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    /**
     * netty-socketio calls its connect listeners at the Engine.IO handshake, before any CONNECT: a client that has
     * not been let in by then ({@link #admit} never runs for a bare {@code 40}) is let go. Until then it gets nothing.
     */
    private void connected(SocketIOClient client) {
        admission.schedule(
                () -> {
                    if (client.isChannelOpen() && client.get(PHONE) == null) {
                        client.disconnect();
                    }
                },
                ADMISSION_SECONDS,
                TimeUnit.SECONDS);
    }

    private void disconnected(SocketIOClient client) {
        String deviceId = client.get(BOX);
        if (deviceId != null) {
            viewers.left(deviceId, client);
        }
    }

    private void ping(SocketIOClient client, JsonNode data) {
        if (client.get(PHONE) == null) {
            return;
        }
        double echoed = data != null && data.path("timestamp").isNumber()
                ? data.path("timestamp").asDouble()
                : 0;
        String deviceId = client.get(BOX);
        send(
                client,
                Events.CLIENT_PONG,
                new ClientPong(echoed, System.currentTimeMillis(), lastSeq.getOrDefault(deviceId, 0L)));
    }

    private void forward(SocketIOClient client, String event, JsonNode data) {
        String deviceId = client.get(BOX);
        String phoneId = client.get(PHONE);
        if (deviceId == null || phoneId == null || !phones.admits(deviceId, phoneId)) {
            client.disconnect();
            return;
        }
        SocketCall call = new SocketCall(event, data, client.get(CREDENTIAL), phoneId);
        @SuppressWarnings("unchecked")
        Map<String, Object> args = codec.convert(call, Map.class);
        String opId = data != null && data.path("client_op_id").isTextual()
                ? data.path("client_op_id").asText()
                : null;
        commands.send(deviceId, DeviceCommand.SOCKET, args)
                .subscribe(reply -> answered(client, reply, opId), failure -> {
                    if (opId != null && failure instanceof Unanswered unanswered) {
                        send(client, Events.ERR_OP, OpError.of(opId, failure.getMessage(), unanswered.errorType(), 0));
                    } else if (!(failure instanceof Unanswered)) {
                        log.warn("Event {} of {} for {} failed: {}", event, phoneId, deviceId, failure.toString());
                    }
                });
    }

    private void answered(SocketIOClient client, CommandReply reply, String opId) {
        if (!reply.success()) {
            if (opId != null) {
                send(client, Events.ERR_OP, OpError.of(opId, reply.message(), reply.errorType(), 0));
            }
            return;
        }
        SocketAnswer answer = codec.convert(reply.data(), SocketAnswer.class);
        client.set(ROOMS, answer.rooms());
        for (SocketAnswer.Emitted emitted : answer.events()) {
            client.sendEvent(emitted.event(), emitted.data() == null ? codec.toTree(Map.of()) : emitted.data());
        }
    }

    @Override
    public void dropped(String deviceId, Set<String> phoneIds) {
        for (SocketIOClient client : viewers.of(deviceId)) {
            if (phoneIds.contains(client.<String>get(PHONE))) {
                client.disconnect();
            }
        }
    }

    @Override
    public void mirrored(String deviceId, RemoteState state) {
        if (state.data().path("server_seq").canConvertToLong()) {
            lastSeq.merge(deviceId, state.data().path("server_seq").asLong(), Math::max);
        }
        for (SocketIOClient client : viewers.of(deviceId)) {
            List<String> rooms = client.get(ROOMS);
            if (state.rooms().isEmpty() || (rooms != null && rooms.stream().anyMatch(state.rooms()::contains))) {
                client.sendEvent(state.event(), state.data());
            }
        }
    }

    /** Encoded by the protocol's codec (snake_case), not the library's own mapper. */
    private void send(SocketIOClient client, String event, Object payload) {
        client.sendEvent(event, codec.toTree(payload));
    }

    /** Dropped connections and bad frames are the client's problem: one line each. */
    private static final class QuietExceptions extends ExceptionListenerAdapter {
        @Override
        public void onAuthException(Throwable e, SocketIOClient client) {
            log.warn("Socket.IO authorisation for {} failed: {}", client.getSessionId(), e.toString());
        }

        @Override
        public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
            log.debug("Socket.IO connection closed: {}", e.toString());
            ctx.close();
            return true;
        }
    }
}
