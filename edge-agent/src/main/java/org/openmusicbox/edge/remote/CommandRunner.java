package org.openmusicbox.edge.remote;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one kind of relayed command ({@code http}, {@code socket}) the way the box's own endpoint would. The future's
 * value is the reply's {@code data}; a {@link Refused} means the command could not be run at all.
 */
public interface CommandRunner {

    /** @param commandId handed on to the change, which records it in its transaction ({@link Once}) */
    CompletableFuture<Object> run(String commandId, Map<String, Object> args);

    /** The reply's data for a command that was applied but whose reply was lost (the box stopped in between). */
    Object alreadyApplied();

    /** The command cannot be run: its arguments are wrong, or it names nothing the box knows. */
    final class Refused extends RuntimeException {
        private final String errorType;

        public Refused(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }
}
