package org.openmusicbox.cloud.lambda.crac;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The global context: resources in the order they registered, held weakly as the JDK's own CRaC context holds them
 * (a closed Spring context's hook goes away with it). Before a checkpoint the last registered is told first; after a
 * restore the first registered is.
 */
public class Context<R extends Resource> implements Resource {

    private final List<WeakReference<R>> resources = new ArrayList<>();

    public synchronized void register(R resource) {
        resources.add(new WeakReference<>(resource));
    }

    /** The resources registered and still alive, in registration order. */
    public synchronized List<R> registered() {
        resources.removeIf(r -> r.get() == null);
        return resources.stream().map(WeakReference::get).toList();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
        CheckpointException failed = new CheckpointException();
        List<R> all = registered();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).beforeCheckpoint(this);
            } catch (Exception e) {
                failed.addSuppressed(e);
            }
        }
        if (failed.getSuppressed().length > 0) {
            throw failed;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws RestoreException {
        RestoreException failed = new RestoreException();
        for (R resource : registered()) {
            try {
                resource.afterRestore(this);
            } catch (Exception e) {
                failed.addSuppressed(e);
            }
        }
        if (failed.getSuppressed().length > 0) {
            throw failed;
        }
    }
}
