package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import com.corundumstudio.socketio.store.Store;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Engine.IO session ids the server has handed out and not yet closed, so that a request naming
 * any other id can be refused from its headers, before its body is read. netty-socketio makes a
 * session's store when it accepts a handshake and tells the store factory when the session ends,
 * which is exactly the life of a session id. A handshake is refused while {@code max} sessions are
 * open: a session lives until it times out even when its client never comes back, so handshakes
 * alone could otherwise fill the box's memory.
 */
final class LiveSessions extends MemoryStoreFactory {

    private final Set<UUID> live = ConcurrentHashMap.newKeySet();
    private final int max;

    LiveSessions(int max) {
        this.max = max;
    }

    @Override
    public Store createStore(UUID sessionId) {
        live.add(sessionId);
        return super.createStore(sessionId);
    }

    @Override
    public void onDisconnect(ClientHead client) {
        live.remove(client.getSessionId());
        super.onDisconnect(client);
    }

    boolean knows(String sid) {
        try {
            return live.contains(UUID.fromString(sid));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a new session may be opened now. */
    boolean roomForOneMore() {
        return live.size() < max;
    }

    int size() {
        return live.size();
    }
}
