package org.openmusicbox.edge.setup;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs something after a while, and can be called off: the claim's window and the reset's hold. */
public interface Later {

    /** @return calls the task off, if it has not run yet */
    Runnable after(long ms, Runnable task);

    /** One daemon thread for the box's setup timers. */
    static Later onOwnThread() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "omb-setup");
            t.setDaemon(true);
            return t;
        });
        return (ms, task) -> {
            var scheduled = timers.schedule(task, ms, TimeUnit.MILLISECONDS);
            return () -> scheduled.cancel(false);
        };
    }
}
