package org.openmusicbox.edge.api.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FileLimitTest {

    private static final String HEADER =
            "Limit                     Soft Limit           Hard Limit           Units     \n";

    @TempDir
    Path dir;

    private Path limits(String openFiles) throws IOException {
        return Files.writeString(
                dir.resolve("limits"),
                HEADER
                        + "Max cpu time              unlimited            unlimited            seconds   \n"
                        + "Max processes             96367                96367                processes \n"
                        + openFiles
                        + "Max locked memory         8388608              8388608              bytes     \n");
    }

    @Test
    void theSoftLimitIsRead() throws IOException {
        Path file = limits("Max open files            1024                 524288               files     \n");

        assertEquals(1024, FileLimit.openFileLimit(file));
    }

    @Test
    void anUnlimitedOrUnknownLimitIsNoLimit() throws IOException {
        assertEquals(
                -1,
                FileLimit.openFileLimit(
                        limits("Max open files            unlimited            unlimited            files     \n")));
        assertEquals(-1, FileLimit.openFileLimit(limits("Max open files\n")));
        assertEquals(-1, FileLimit.openFileLimit(limits("")));
        assertEquals(-1, FileLimit.openFileLimit(dir)); // a folder: unreadable as lines
    }

    @Test
    void onLinuxTheFileSaysWhatTheOperatingSystemBeanSays() {
        Path proc = Path.of("/proc/self/limits");
        assumeTrue(Files.isReadable(proc), "no /proc/self/limits on this system");
        long fromBean = ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;

        assertEquals(fromBean, FileLimit.openFileLimit(proc));
    }

    @Test
    void withoutTheFileTheOperatingSystemBeanAnswers() {
        long fromBean = ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;

        assertEquals(fromBean, FileLimit.openFileLimit(dir.resolve("no-such-file")));
    }

    @Test
    void aCapIsLoweredToHalfOfWhatTheLimitLeavesAndNeverRaised() {
        var log = LoggerFactory.getLogger(FileLimitTest.class);
        long limit = FileLimit.openFileLimit(Path.of("/proc/self/limits"));
        assumeTrue(limit > 1_000, "needs an open-file limit above 1000");
        int share = (int) ((limit - 256) / 2);

        assertEquals(share, FileLimit.fit(Integer.MAX_VALUE, "omb.test.max-connections", log));
        assertEquals(10, FileLimit.fit(10, "omb.test.max-connections", log));
    }
}
