package org.openmusicbox.edge.audio.lavaplayer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeLeftoversTest {

    @Test
    void foldersFromEarlierStartsGoAndNewerOnesStay() throws Exception {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "lava-jni-natives");
        Path old = Files.createDirectories(base.resolve("1000"));
        Files.writeString(old.resolve("libconnector.so"), "old");
        Path newer = Files.createDirectories(base.resolve(Long.toString(System.currentTimeMillis() + 60_000)));
        Path notOurs = Files.createDirectories(base.resolve("keep-me"));
        try {
            NativeLeftovers.clean();
            assertFalse(Files.exists(old), "a folder from before this start is removed");
            assertTrue(Files.isDirectory(newer), "a folder from after this start stays");
            assertTrue(Files.isDirectory(notOurs), "a folder not named by lavaplayer stays");
        } finally {
            Files.deleteIfExists(newer);
            Files.deleteIfExists(notOurs);
        }
    }
}
