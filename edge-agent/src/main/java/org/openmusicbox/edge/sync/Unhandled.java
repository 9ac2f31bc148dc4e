package org.openmusicbox.edge.sync;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrivals the box has no handler for yet: each message is logged, counted and acknowledged at once, since
 * getting it again would change nothing.
 */
public final class Unhandled implements Arrivals {

    private static final Logger log = LoggerFactory.getLogger(Unhandled.class);

    private final AtomicLong count = new AtomicLong();

    @Override
    public void arrived(String topic, byte[] payload, Receipt receipt) {
        long n = count.incrementAndGet();
        log.info("Cloud message on {} ({} bytes) is not handled yet ({} so far)", topic, payload.length, n);
        receipt.handled();
    }

    public long count() {
        return count.get();
    }
}
