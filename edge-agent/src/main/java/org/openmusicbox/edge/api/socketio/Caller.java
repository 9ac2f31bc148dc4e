package org.openmusicbox.edge.api.socketio;

import java.util.Set;

/**
 * Whoever sent an event, as the handlers see it: a socket on the LAN, or a phone whose event a relay passed on
 * ({@link RelayedEvents}). The handlers are written once against this, so both get the same answers.
 */
public interface Caller {

    /** An event for this caller only. */
    void send(String event, Object payload);

    void join(String room);

    void leave(String room);

    /** The rooms the caller is in now. */
    Set<String> rooms();
}
