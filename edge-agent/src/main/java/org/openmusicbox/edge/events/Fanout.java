package org.openmusicbox.edge.events;

/**
 * Delivers events to connected clients. The Socket.IO endpoint implements it; the box never
 * knows which transport carries its events. Implementations must not block: a slow client must
 * not stall the box.
 */
public interface Fanout {

    void toRoom(String room, String event, Object payload);

    void toClient(String clientId, String event, Object payload);

    void toEveryone(String event, Object payload);

}
