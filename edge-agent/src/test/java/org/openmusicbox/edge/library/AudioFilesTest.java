package org.openmusicbox.edge.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {

    @TempDir
    Path tmp;

    private Path media;
    private AudioFiles files;

    @BeforeEach
    void setUp() throws IOException {
        media = Files.createDirectories(tmp.resolve("media")).toAbsolutePath().normalize();
        files = new AudioFiles(media);
    }

    @Test
    void aFileInsideTheMediaDirectoryIsStoredRelativeToIt() {
        assertEquals(
                Path.of("p1", "a.mp3").toString(),
                files.stored(media.resolve("p1/a.mp3").toString()));
        assertEquals(Path.of("p1", "a.mp3").toString(), files.stored("p1/x/../a.mp3"));
    }

    @Test
    void aFileOutsideTheMediaDirectoryKeepsItsPath() {
        String outside = tmp.resolve("outside.mp3").toString();
        assertEquals(outside, files.stored(outside));
        assertEquals("../escape.mp3", files.stored("../escape.mp3"));
        assertEquals(media.toString(), files.stored(media.toString()));
    }

    @Test
    void deleteRemovesTheFilesButKeepsTheirDirectory() throws IOException {
        Path a = write("p1/a.mp3");
        Path b = write("p1/b.mp3");

        files.delete(List.of("p1/a.mp3", media.relativize(b).toString(), "p1/already-gone.mp3"));

        assertFalse(Files.exists(a));
        assertFalse(Files.exists(b));
        assertTrue(Files.isDirectory(media.resolve("p1")));
    }

    @Test
    void nothingOutsideTheMediaDirectoryIsDeleted() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside.mp3"), "audio");

        files.delete(List.of(outside.toString(), "../outside.mp3"));
        files.deleteWithEmptyDirectories(List.of(outside.toString(), "../outside.mp3"));

        assertTrue(Files.exists(outside));
        assertTrue(Files.isDirectory(media));
    }

    @Test
    void emptiedDirectoriesGoUpToButNotIncludingTheMediaDirectory() throws IOException {
        write("artist/album/a.mp3");

        files.deleteWithEmptyDirectories(List.of("artist/album/a.mp3"));

        assertFalse(Files.exists(media.resolve("artist")));
        assertTrue(Files.isDirectory(media));
    }

    @Test
    void aDirectoryStillHoldingFilesStays() throws IOException {
        write("artist/album/a.mp3");
        Path kept = write("artist/other.mp3");

        files.deleteWithEmptyDirectories(List.of("artist/album/a.mp3"));

        assertFalse(Files.exists(media.resolve("artist/album")));
        assertTrue(Files.exists(kept));
    }

    private Path write(String relative) throws IOException {
        Path file = media.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "audio");
    }
}
