package org.openmusicbox.edge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, so that "full" and "read-only" are the kernel's own answers
 * (ENOSPC, EROFS) rather than a stand-in. Needs root and mount; the test is skipped, saying why,
 * where it cannot have one.
 */
final class SmallDisk implements AutoCloseable {

    final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    static SmallDisk mount(Path parent, String size) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a small tmpfs");
        Path dir = Files.createDirectories(parent.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs: " + out.strip());
        return new SmallDisk(dir);
    }

    void readOnly() throws Exception {
        run("mount", "-o", "remount,ro", dir.toString());
    }

    /** Fills the disk with one file until the kernel says it is full; returns that file. */
    Path fill() throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
                throw e;
            }
        }
        return filler;
    }

    @Override
    public void close() throws Exception {
        run("umount", dir.toString());
    }

    private static void run(String... command) throws Exception {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
