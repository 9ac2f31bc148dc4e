package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each process writes its output ({@code target/e2e-logs/<test class>/<name>.log}, kept after the run) and
 * which logs a failing test prints the tail of ({@link LogsOnFailure}).
 */
public final class Logs {

    private static final Path ROOT = Path.of(System.getProperty("omb.e2e.logs", "target/e2e-logs"));
    private static final Map<String, Path> OPEN = new ConcurrentHashMap<>();

    private Logs() {}

    /** A log file for {@code name} in the folder of {@code owner}, registered for printing on failure. */
    public static Path file(Class<?> owner, String name) {
        Path dir = ROOT.resolve(owner.getSimpleName());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = dir.resolve(name + ".log");
        OPEN.put(name, file);
        return file;
    }

    static Map<String, Path> open() {
        return Map.copyOf(OPEN);
    }

    static void forget(String name) {
        OPEN.remove(name);
    }

    /** The last {@code lines} lines of a log, or why it cannot be read. */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
