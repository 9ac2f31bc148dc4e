package org.openmusicbox.edge;

import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.api.socketio.EventBudgets;
import org.openmusicbox.edge.api.socketio.HealthEvents;
import org.openmusicbox.edge.api.socketio.NfcLinkEvents;
import org.openmusicbox.edge.api.socketio.PlayerEvents;
import org.openmusicbox.edge.api.socketio.RelayedEvents;
import org.openmusicbox.edge.api.socketio.SetupEvents;
import org.openmusicbox.edge.api.socketio.SocketAccess;
import org.openmusicbox.edge.api.socketio.SocketEvents;
import org.openmusicbox.edge.api.socketio.SocketOperations;
import org.openmusicbox.edge.api.socketio.SocketServer;
import org.openmusicbox.edge.config.EdgeConfig;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO endpoint put together: who may connect, how many events a client may send, which events
 * reach which room. The server itself is built with the rooms, since the broadcaster sends through it.
 */
final class SocketEndpoint {

    /** Lines about refused Socket.IO connections a minute; the rest are counted in one line. */
    private static final int REFUSALS_LOGGED_PER_MINUTE = 20;

    private SocketEndpoint() {}

    /**
     * Registers every gate and event on the socket server built with the parts, then starts it listening; returns
     * the same events for a phone's event through a relay.
     */
    static RelayedEvents open(Parts parts) {
        EdgeConfig config = parts.config();
        SocketServer socket = parts.socket();
        RefusalLog socketRefusals =
                new RefusalLog(LoggerFactory.getLogger(SocketAccess.class), REFUSALS_LOGGED_PER_MINUTE, parts.clock());
        SocketAccess socketAccess =
                new SocketAccess(parts.access(), config.auth().readOpen(), socketRefusals);
        socketAccess.register(socket);
        EdgeConfig.EventBudgets limits = config.socketio().budget();
        EventBudgets eventBudgets = new EventBudgets(
                new EventBudgets.Limits(
                        limits.guestPerSecond(),
                        limits.guestAddressPerSecond(),
                        limits.parentPerSecond(),
                        limits.floodDrops()),
                parts.clock(),
                socketRefusals,
                EventBudgets.errOp(parts.operations()));
        SocketEvents socketEvents = new SocketEvents(
                socket,
                parts.inbox(),
                parts.broadcaster(),
                parts.library(),
                parts.player()::state,
                parts.clock(),
                socketAccess,
                eventBudgets);
        socketEvents.register();
        new HealthEvents(socket, socketEvents, parts.box()::health, parts.clock()).register();
        SocketOperations socketOps =
                new SocketOperations(socket, parts.operations(), socketAccess, eventBudgets, parts.once());
        new NfcLinkEvents(socketOps, parts.linking()).register();
        new PlayerEvents(socketOps, parts.player()).register();
        new SetupEvents(socket, parts.inbox(), parts.operations(), socketAccess, eventBudgets, parts.claim())
                .register();
        socket.start();
        return new RelayedEvents(socketEvents, socketOps, parts.access(), parts.inbox(), parts.codec());
    }
}
