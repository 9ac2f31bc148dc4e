package org.openmusicbox.edge.audio.lavaplayer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lavaplayer unpacks its native decoders into a new folder under {@code java.io.tmpdir} at every
 * start and never removes it: about 3 MB per start, which on a box restarted daily fills the SD
 * card. Folders from starts before this one are removed. On Linux a library that another running
 * process has loaded stays usable after its file is deleted, so this is safe even then.
 */
final class NativeLeftovers {

    private static final Logger log = LoggerFactory.getLogger(NativeLeftovers.class);

    private NativeLeftovers() {}

    static void clean() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "lava-jni-natives");
        if (!Files.isDirectory(base)) {
            return;
        }
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(base)) {
            for (Path folder : folders) {
                if (olderThan(folder, startedAt)) {
                    delete(folder);
                }
            }
        } catch (IOException e) {
            log.debug("Cannot list {}: {}", base, e.toString());
        }
    }

    /** Folders are named after the millisecond they were made in. */
    private static boolean olderThan(Path folder, long startedAt) {
        try {
            return Long.parseLong(folder.getFileName().toString()) < startedAt;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.debug("Cannot remove {}: {}", folder, e.toString());
        }
    }
}
