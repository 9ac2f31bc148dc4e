package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import java.net.InetSocketAddress;
import java.util.Map;
import org.openmusicbox.edge.access.ParentAccess;

/**
 * Parent access on Socket.IO: a client shows the token once, when it connects ({@code auth: {token}}),
 * and is remembered as a parent for that connection. Without it, a client may still watch (unless
 * {@code omb.auth.read-open} is false) but every change it asks for gets {@code err:op}.
 */
public final class SocketAccess {

    private static final String PARENT = "omb.parent";

    private final ParentAccess access;
    private final boolean readOpen;

    public SocketAccess(ParentAccess access, boolean readOpen) {
        this.access = access;
        this.readOpen = readOpen;
    }

    public void register(SocketServer server) {
        server.onAuth(this::authenticate);
    }

    /** Whether this connection may change the box. */
    public boolean isParent(SocketIOClient client) {
        return !access.enabled() || Boolean.TRUE.equals(client.get(PARENT));
    }

    private AuthTokenResult authenticate(Object auth, SocketIOClient client) {
        Object token = auth instanceof Map<?, ?> map ? map.get("token") : null;
        ParentAccess.Verdict verdict = access.check(token instanceof String s ? s : null, address(client));
        client.set(PARENT, verdict == ParentAccess.Verdict.PARENT);
        if (verdict == ParentAccess.Verdict.LOCKED) {
            return new AuthTokenResult(false, Map.of("message", "Too many wrong parent tokens; try again in a minute"));
        }
        if (!readOpen && verdict != ParentAccess.Verdict.PARENT) {
            return new AuthTokenResult(false, Map.of("message", "This box needs the parent access token"));
        }
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    private static String address(SocketIOClient client) {
        return client.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "unknown";
    }
}
