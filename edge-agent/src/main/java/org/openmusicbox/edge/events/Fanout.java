package org.openmusicbox.edge.events;

import org.openmusicbox.protocol.json.EncodedJson;

/**
 * Delivers events to connected clients. The Socket.IO endpoint implements it; the box never
 * knows which transport carries its events. Only the {@link Broadcaster} calls it, with JSON it encoded
 * once from a typed event, so a payload reaching two hundred clients is not encoded two hundred times.
 * Implementations must not block: a slow client must not stall the box.
 */
public interface Fanout {

    void toRoom(String room, String event, EncodedJson json);

    void toClient(String clientId, String event, EncodedJson json);

    void toEveryone(String event, EncodedJson json);
}
