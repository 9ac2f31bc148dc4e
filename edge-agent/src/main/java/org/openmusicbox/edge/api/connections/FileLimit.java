package org.openmusicbox.edge.api.connections;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;

/**
 * Keeps a port's connection cap inside the process's open-file limit: each connection is a file, and
 * when the limit is reached the box can open nothing at all (not its library, not a track). The HTTP
 * and Socket.IO ports each get at most half of what is left after a reserve for the box's own files.
 */
public final class FileLimit {

    private static final long RESERVE = 256;

    private FileLimit() {}

    /** The configured cap, or less when the open-file limit would not hold both ports at their caps. */
    public static int fit(int configured, String key, Logger log) {
        long limit = openFileLimit();
        if (limit <= 0) {
            return configured;
        }
        long share = Math.max(1, (limit - RESERVE) / 2);
        if (configured <= share) {
            return configured;
        }
        log.info("{} lowered from {} to {}: the process may open {} files", key, configured, share, limit);
        return (int) share;
    }

    private static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
