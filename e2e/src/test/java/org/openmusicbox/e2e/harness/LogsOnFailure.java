package org.openmusicbox.e2e.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the tail of every process log of the class when a test fails, so the failure shows what the processes said. */
public final class LogsOnFailure implements TestWatcher {

    private static final int LINES = 40;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Logs.open()
                .forEach((name, file) -> System.err.println("----- last " + LINES + " lines of " + name + " (" + file
                        + ") -----\n" + Logs.tail(file, LINES)));
    }
}
