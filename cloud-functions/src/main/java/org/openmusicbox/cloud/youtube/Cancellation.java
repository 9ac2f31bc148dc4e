package org.openmusicbox.cloud.youtube;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A flag a job's owner raises to stop it; whoever runs a process registers a hook that kills it. */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    public void cancel() {
        cancelled = true;
        hooks.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code hook} on {@link #cancel()} (at once when already cancelled); returns a handle that removes it. */
    public AutoCloseable onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }
}
