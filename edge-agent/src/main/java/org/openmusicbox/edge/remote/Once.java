package org.openmusicbox.edge.remote;

import java.util.function.Supplier;

/**
 * What an endpoint wraps a relayed command's change in, so that the command is recorded in the change's own
 * transaction. Kept apart from {@link Ledger} so an endpoint sees only this one thing it needs.
 */
@FunctionalInterface
public interface Once {

    /** Nothing recorded: for a box without a cloud link, and for requests from the LAN. */
    Once NEVER = (commandId, change) -> change;

    /** {@code change}, run so that {@code commandId} is recorded with it; {@code change} itself when id is null. */
    Supplier<Object> wrap(String commandId, Supplier<Object> change);

    static Once of(Ledger ledger) {
        return (commandId, change) -> commandId == null ? change : () -> ledger.applyOnce(commandId, change);
    }
}
