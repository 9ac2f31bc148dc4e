package org.openmusicbox.edge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.openmusicbox.protocol.v1.sync.FieldChange;

/**
 * The box's side of the cloud's log without a library: keeps each page it is given and moves its cursor. It can be
 * told to fail (as a crash mid-apply would) or to hang until released.
 */
final class FakeCloudChanges implements CloudChanges {

    /** One page as applied. */
    record Page(long lastSeq, List<String> changeIds) {}

    private final AtomicLong cursor;
    private final List<Page> pages = new ArrayList<>();
    private volatile boolean failing;
    private volatile CountDownLatch hold;
    private final CountDownLatch entered = new CountDownLatch(1);

    FakeCloudChanges(long cursor) {
        this.cursor = new AtomicLong(cursor);
    }

    /** Every page from now on throws, as the box's writer would if the library failed. */
    void fail(boolean failing) {
        this.failing = failing;
    }

    /** Every page from now on waits until {@code hold} is counted down. */
    void hold(CountDownLatch hold) {
        this.hold = hold;
    }

    /** Counted down when a page first comes in, before it is applied, failed or held. */
    CountDownLatch entered() {
        return entered;
    }

    @Override
    public long cursor() {
        return cursor.get();
    }

    @Override
    public void apply(long lastSeq, List<FieldChange> changes) {
        entered.countDown();
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped while applying", e);
            }
        }
        if (failing) {
            throw new IllegalStateException("the library failed while applying (a test's fault)");
        }
        synchronized (pages) {
            pages.add(new Page(
                    lastSeq, changes.stream().map(FieldChange::changeId).toList()));
        }
        cursor.accumulateAndGet(lastSeq, Math::max);
    }

    List<Page> pages() {
        synchronized (pages) {
            return List.copyOf(pages);
        }
    }
}
