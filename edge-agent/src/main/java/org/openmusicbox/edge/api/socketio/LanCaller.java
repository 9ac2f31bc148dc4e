package org.openmusicbox.edge.api.socketio;

import com.corundumstudio.socketio.SocketIOClient;
import java.util.Set;

/** A socket connected to the box on the LAN (or on its shared port). */
record LanCaller(SocketServer server, SocketIOClient client) implements Caller {

    @Override
    public void send(String event, Object payload) {
        server.send(client, event, payload);
    }

    @Override
    public void join(String room) {
        client.joinRoom(room);
    }

    @Override
    public void leave(String room) {
        client.leaveRoom(room);
    }

    @Override
    public Set<String> rooms() {
        return client.getAllRooms();
    }
}
