package org.openmusicbox.edge.api.socketio;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openmusicbox.edge.box.Health;
import org.openmusicbox.protocol.v1.Events;
import org.openmusicbox.protocol.v1.HealthError;
import org.openmusicbox.protocol.v1.HealthStatus;

/**
 * {@code health_check}: the box's health over Socket.IO, for pages that keep one connection. A failing
 * part is answered with {@code health_error} naming it, as the original did, so a page can say what is wrong.
 */
public final class HealthEvents {

    private final SocketServer server;
    private final SocketEvents events;
    private final Supplier<Health> health;
    private final LongSupplier clock;

    /** @param health the box's health, read on the box thread like every other handler */
    public HealthEvents(SocketServer server, SocketEvents events, Supplier<Health> health, LongSupplier clock) {
        this.server = server;
        this.events = events;
        this.health = health;
        this.clock = clock;
    }

    public void register() {
        events.on(Events.HEALTH_CHECK, (caller, data) -> answer(caller));
    }

    private void answer(Caller caller) {
        Health now = health.get();
        String failing = now.failingComponent();
        if (failing != null) {
            caller.send(Events.HEALTH_ERROR, new HealthError(now.details().get(failing), failing, clock.getAsLong()));
            return;
        }
        caller.send(Events.HEALTH_STATUS, new HealthStatus(now.status(), now.components(), clock.getAsLong()));
    }
}
