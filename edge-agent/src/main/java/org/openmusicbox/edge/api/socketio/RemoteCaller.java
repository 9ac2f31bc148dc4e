package org.openmusicbox.edge.api.socketio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openmusicbox.protocol.json.EncodedJson;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.SocketAnswer;

/**
 * A phone whose event a relay passed on: what the handlers send it is kept, in order, for the command's reply, and
 * the rooms it joins or leaves are the relay's to remember. Used on the box thread only.
 */
final class RemoteCaller implements Caller {

    private final JsonCodec codec;
    private final List<SocketAnswer.Emitted> events = new ArrayList<>();
    private final Set<String> rooms = new LinkedHashSet<>();

    RemoteCaller(JsonCodec codec) {
        this.codec = codec;
    }

    @Override
    public void send(String event, Object payload) {
        events.add(new SocketAnswer.Emitted(
                event, payload instanceof EncodedJson json ? codec.readTree(json.json()) : codec.toTree(payload)));
    }

    @Override
    public void join(String room) {
        rooms.add(room);
    }

    @Override
    public void leave(String room) {
        rooms.remove(room);
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    SocketAnswer answer() {
        return new SocketAnswer(events, List.copyOf(rooms));
    }
}
