package org.openmusicbox.edge.fake;

import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.protocol.json.EncodedJson;

/** Records what the box would send, in order, with the target it was sent to. */
public final class RecordingFanout implements Fanout {

    public record Sent(String target, String event, EncodedJson payload, long atNanos) {
        /** The payload as JSON text. */
        public String json() {
            return payload.json();
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void toRoom(String room, String event, EncodedJson payload) {
        sent.add(new Sent("room:" + room, event, payload, System.nanoTime()));
    }

    @Override
    public synchronized void toClient(String clientId, String event, EncodedJson payload) {
        sent.add(new Sent("client:" + clientId, event, payload, System.nanoTime()));
    }

    @Override
    public synchronized void toEveryone(String event, EncodedJson payload) {
        sent.add(new Sent("everyone", event, payload, System.nanoTime()));
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<Sent> events(String event) {
        return sent.stream().filter(s -> s.event().equals(event)).toList();
    }

    public synchronized void clear() {
        sent.clear();
    }
}
