package org.openmusicbox.edge.remote;

import java.util.function.Supplier;
import org.openmusicbox.edge.sync.Outlet;

/**
 * The cloud link's outlet while it is connected, else null. The {@link Mirror} is built with the broadcaster, long
 * before the link's arrivals ({@link RemoteCommands}) that learn of each connection; this is where they meet.
 */
public final class LinkOutlet implements Supplier<Outlet> {

    private volatile Outlet outlet;

    void connected(Outlet now) {
        outlet = now;
    }

    void lost() {
        outlet = null;
    }

    @Override
    public Outlet get() {
        return outlet;
    }
}
