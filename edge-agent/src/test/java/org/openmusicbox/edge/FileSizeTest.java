package org.openmusicbox.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of any module over 400 lines: past that a file holds more than one idea, and the next
 * change makes it worse. The edge agent's tests read every module's sources from their folders.
 */
class FileSizeTest {

    static final int MAX_LINES = 400;
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        List<String> checked = Stream.of("shared-model", "edge-agent", "cloud-functions")
                .map(module -> ROOT.resolve(module).resolve("src/main/java"))
                .filter(Files::isDirectory)
                .map(Path::toString)
                .toList();
        assertEquals(3, checked.size(), "main sources not found under " + ROOT);
        List<String> tooLong;
        int files;
        try (Stream<Path> all = checked.stream().map(Path::of).flatMap(FileSizeTest::javaFiles)) {
            List<Path> sources = all.toList();
            files = sources.size();
            tooLong = sources.stream()
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> ROOT.relativize(f) + " (" + lines(f) + " lines)")
                    .toList();
        }
        assertTrue(files > 100, "found only " + files + " source files");
        assertEquals(List.of(), tooLong, "split these along their seams");
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
