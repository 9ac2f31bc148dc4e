package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code remote/state}, device to relay, QoS 0: one event the box sent its own clients, as they got it
 * ({@code event} is the Socket.IO event name, {@code data} its payload, with the box's {@code server_seq}), and the
 * rooms it went to; an empty list means every client. A relay passes it to its viewers of this box in those rooms.
 * Sent only while a relay counts viewers ({@link RemoteViewers}); positions at most {@link #POSITIONS_PER_SECOND} a
 * second.
 */
public record RemoteState(String event, JsonNode data, List<String> rooms) {

    public static final int POSITIONS_PER_SECOND = 2;

    public RemoteState {
        Check.present(event, "event");
        Check.required(data, "data");
        rooms = Check.list(rooms, "rooms");
    }
}
