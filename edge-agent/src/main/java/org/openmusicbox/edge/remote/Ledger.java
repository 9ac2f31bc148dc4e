package org.openmusicbox.edge.remote;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The commands that changed something, by command id, kept across a restart so that a command delivered again is
 * answered, never applied again.
 */
public interface Ledger {

    /** What is known of a command that changed something; {@code reply} is null when the box stopped before it. */
    record Entry(byte[] reply) {}

    /** The entry of {@code commandId}, or empty when it never changed anything (or it was pruned). */
    Optional<Entry> find(String commandId);

    /**
     * Runs {@code change} and records {@code commandId} in the same transaction: both happen or neither does. A
     * command already recorded throws {@link AlreadyApplied} and {@code change} does not run.
     */
    <T> T applyOnce(String commandId, Supplier<T> change);

    /** Keeps the reply of a command recorded by {@link #applyOnce}; does nothing for a command that changed nothing. */
    void answered(String commandId, byte[] reply);

    /** Forgets commands received before {@code beforeMs}; returns how many. */
    int prune(long beforeMs);

    /** A command id seen before, found while applying it again. */
    final class AlreadyApplied extends RuntimeException {
        public AlreadyApplied(String commandId) {
            super("Command " + commandId + " was already applied");
        }
    }
}
