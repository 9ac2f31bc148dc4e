package org.openmusicbox.edge.api.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;

/**
 * Keeps a port's connection cap inside the process's open-file limit: each connection is a file, and
 * when the limit is reached the box can open nothing at all (not its library, not a track). The HTTP
 * and Socket.IO ports each get at most half of what is left after a reserve for the box's own files.
 */
public final class FileLimit {

    private static final long RESERVE = 256;
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final String OPEN_FILES = "Max open files";

    private FileLimit() {}

    /** The configured cap, or less when the open-file limit would not hold both ports at their caps. */
    public static int fit(int configured, String key, Logger log) {
        long limit = openFileLimit(LIMITS);
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

    /**
     * The soft limit of {@code limits} (Linux's /proc/self/limits; the JVM raised it to the hard one at start), -1
     * when it is unlimited or unreadable. Read from the file rather than from the operating-system MXBean: asking
     * for that bean loads about a hundred classes of the management and flight-recorder modules (some 0.7 MiB of
     * the idle box, docs/memory.md). Where there is no such file (a developer's Mac), the bean answers.
     */
    static long openFileLimit(Path limits) {
        List<String> lines;
        try {
            lines = Files.readAllLines(limits);
        } catch (NoSuchFileException e) {
            return fromBean();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
        for (String line : lines) {
            if (line.startsWith(OPEN_FILES)) {
                String[] fields = line.substring(OPEN_FILES.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(fields[0]);
                } catch (NumberFormatException e) {
                    return -1; // "unlimited", or a format this reader does not know
                }
            }
        }
        return -1;
    }

    private static long fromBean() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
