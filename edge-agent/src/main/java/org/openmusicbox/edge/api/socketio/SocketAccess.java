package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.box.Inbox;

/**
 * Parent access on Socket.IO: a client shows the token once, in the {@code auth} of its CONNECT
 * ({@code auth: {token}}), and is remembered for that connection as a parent or, when reading is
 * open ({@code omb.auth.read-open}), as a guest who may watch but whose changes get
 * {@code err:op}. Every CONNECT is decided here, with or without {@code auth} (see
 * {@link ConnectGate}); a client whose CONNECT was refused, or that never sent one, has no standing
 * and every event it sends is ignored or refused, wherever that event is handled.
 *
 * <p>A phone paired for remote access connects with its own credential as a parent. It keeps that standing only
 * while it is still paired and remote access is on: each event asks again ({@link #standing}), so a removed
 * phone's next event is refused, and a connection of a removed phone (or of any phone, when remote access is
 * turned off) is disconnected at once.
 */
public final class SocketAccess {

    private static final String STANDING = "omb.standing";
    private static final String JUST_ADMITTED = "omb.just-admitted";
    private static final String PHONE = "omb.phone";

    /** What a connection may do, decided at its CONNECT. */
    public enum Standing {
        /** Showed the parent token (or access control is off). */
        PARENT,
        /** Watches without the token; only while reading is open. */
        GUEST
    }

    private final ParentAccess access;
    private final boolean readOpen;
    private final RefusalLog refusals;
    private final List<Consumer<SocketIOClient>> admitted = new CopyOnWriteArrayList<>();

    public SocketAccess(ParentAccess access, boolean readOpen, RefusalLog refusals) {
        this.access = access;
        this.readOpen = readOpen;
        this.refusals = refusals;
    }

    public void register(SocketServer server) {
        server.onAuth(this::authenticate);
        access.phones()
                .onRevoked(() -> server.clients().forEach(client -> {
                    String phone = client.get(PHONE);
                    if (phone != null && !access.phones().live(phone)) {
                        client.disconnect();
                    }
                }));
        server.onConnectAnswered(client -> {
            if (client.has(JUST_ADMITTED)) {
                client.del(JUST_ADMITTED);
                admitted.forEach(listener -> listener.accept(client));
            }
        });
    }

    /** Called once for each accepted CONNECT, after its answer went out, on a Netty thread. */
    public void onAdmitted(Consumer<SocketIOClient> listener) {
        admitted.add(listener);
    }

    /**
     * What this connection may do; null when it has not been admitted (no CONNECT, or a refused one) or when it
     * is a paired phone's that was removed or paused since.
     */
    public Standing standing(SocketIOClient client) {
        Standing standing = client.get(STANDING);
        String phone = client.get(PHONE);
        return phone == null || access.phones().use(phone) ? standing : null;
    }

    /** The paired phone this connection showed the credential of, or null: for events a phone may not send. */
    public String remotePhone(SocketIOClient client) {
        return client.get(PHONE);
    }

    /** Whether this connection may watch the box: rooms, snapshots, replays, health. */
    public boolean mayRead(SocketIOClient client) {
        Standing standing = standing(client);
        return standing == Standing.PARENT || (standing == Standing.GUEST && readOpen);
    }

    /** Whether a parent owns the box; until then nothing can be changed, whoever asks. */
    public boolean claimed() {
        return access.claimed();
    }

    /** Whether this connection may change the box. */
    public boolean isParent(SocketIOClient client) {
        return standing(client) == Standing.PARENT;
    }

    /** The inbox lane this connection's work waits in: parents are never queued behind guests. */
    public Inbox.Lane lane(SocketIOClient client) {
        return isParent(client) ? Inbox.Lane.PARENT : Inbox.Lane.GUEST;
    }

    /** The address budgets and logs are kept by. */
    public static String address(SocketIOClient client) {
        return client.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress()
                : "unknown";
    }

    private AuthTokenResult authenticate(Object auth, SocketIOClient client) {
        client.del(STANDING);
        client.del(JUST_ADMITTED);
        client.del(PHONE);
        String address = address(client);
        if (auth == SocketJson.UNREADABLE_AUTH || !(auth instanceof Map<?, ?> map)) {
            return refuse(client, address, "auth must be an object like {\"token\": \"...\"}");
        }
        Object token = map.get("token");
        if (token != null && !(token instanceof String)) {
            return refuse(client, address, "auth.token must be a string");
        }
        // Before the check: a phone removed in between is refused there, never admitted as a parent's session.
        String phone = access.phoneOf((String) token);
        ParentAccess.Verdict verdict = access.check((String) token, address);
        if (verdict == ParentAccess.Verdict.LOCKED) {
            return refuse(client, address, "Too many wrong parent tokens; try again in a minute");
        }
        if (verdict == ParentAccess.Verdict.PARENT) {
            if (phone != null) {
                client.set(PHONE, phone);
            }
            return admit(client, Standing.PARENT);
        }
        if (!readOpen && access.claimed()) {
            // A new box has nothing of a parent's to hide yet, and the setup page needs state:setup.
            return refuse(
                    client,
                    address,
                    token == null ? "This box needs the parent access token" : "Wrong parent access token");
        }
        return admit(client, Standing.GUEST);
    }

    private static AuthTokenResult admit(SocketIOClient client, Standing standing) {
        client.set(STANDING, standing);
        client.set(JUST_ADMITTED, Boolean.TRUE);
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    private AuthTokenResult refuse(SocketIOClient client, String address, String why) {
        refusals.refused("Socket.IO connection from {} refused: {}", address, why);
        return new AuthTokenResult(false, Map.of("message", why));
    }
}
