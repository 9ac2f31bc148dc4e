package org.openmusicbox.edge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.media.sqlite.SqliteMediaBook;

/**
 * A real kill -9: a child JVM downloads, the server stops mid-body, the child is killed with SIGKILL.
 * The next cache on the same card has no playable half file and resumes the part with a Range request.
 */
class KilledDownloadTest {

    private static final int SIZE = 300_000;

    @TempDir
    Path dataDir;

    @Test
    void aKilledDownloadLeavesNoHalfFileAndResumesOnRestart() throws Exception {
        byte[] song = new byte[SIZE];
        new Random(99).nextBytes(song);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(song));
        Path part = dataDir.resolve("media").resolve(sha + ".mp3.part");
        try (MediaServer server = new MediaServer()) {
            URI url = server.put("/song", song);
            server.cutNextAfter = SIZE / 2;
            server.holdInsteadOfCut = true;
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx96m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            DownloadChild.class.getName(),
                            dataDir.toString(),
                            sha,
                            Integer.toString(SIZE),
                            url.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("child.log").toFile())
                    .start();
            try {
                assertTrue(server.heldMidBody.await(60, TimeUnit.SECONDS), "the child's download reached half-way");
                awaitPartSize(part, SIZE / 2);
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the killed child exits");
            assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

            ExecutorService downloads = Executors.newSingleThreadExecutor();
            try (Database db = Database.open(dataDir)) {
                MediaCache cache = MediaCache.open(
                        db.mediaDir(),
                        new SqliteMediaBook(db),
                        Set::of,
                        10L * SIZE,
                        MediaCache.httpClient(null),
                        downloads);

                assertFalse(cache.has(sha));
                assertFalse(Files.exists(db.mediaDir().resolve(sha + ".mp3")), "no playable half file");
                assertEquals(SIZE / 2, Files.size(part), "the part is kept for resuming");

                Path file = cache.fetch(sha, "mp3", SIZE, url).get(20, TimeUnit.SECONDS);

                assertEquals("/song bytes=" + SIZE / 2 + "-", server.requests().get(1));
                assertArrayEquals(song, Files.readAllBytes(file));
                assertFalse(Files.exists(part));
            } finally {
                downloads.shutdownNow();
            }
        }
    }

    /** The child writes what it reads; the server has flushed, so the part reaches this size soon. */
    private static void awaitPartSize(Path part, long size) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(part) || Files.size(part) < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child wrote " + (Files.exists(part) ? Files.size(part) : 0) + " of "
                        + size + " bytes into the part");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
