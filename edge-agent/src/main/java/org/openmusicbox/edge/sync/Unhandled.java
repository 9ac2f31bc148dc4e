package org.openmusicbox.edge.sync;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrivals until the handlers of issue 15's later pieces exist: each message is logged and counted, and
 * nothing else happens to it.
 */
public final class Unhandled implements Arrivals {

    private static final Logger log = LoggerFactory.getLogger(Unhandled.class);

    private final AtomicLong count = new AtomicLong();

    @Override
    public void arrived(String topic, byte[] payload) {
        long n = count.incrementAndGet();
        log.info("Cloud message on {} ({} bytes) is not handled yet ({} so far)", topic, payload.length, n);
    }

    public long count() {
        return count.get();
    }
}
