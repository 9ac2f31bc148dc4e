package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code data} of a reply to command {@code socket}: the events for the client that sent it, in order
 * ({@code ack:op} or {@code err:op}, snapshots and {@code ack:join}, a {@code sync:request}'s replay), and the rooms
 * it is now in, which the relay remembers so that mirrored events ({@link RemoteState}) reach it.
 */
public record SocketAnswer(List<Emitted> events, List<String> rooms) {

    public SocketAnswer {
        events = Check.list(events, "events");
        rooms = rooms == null ? List.of() : List.copyOf(rooms);
    }

    /** One event for the client. */
    public record Emitted(String event, JsonNode data) {
        public Emitted {
            Check.present(event, "event");
        }
    }
}
