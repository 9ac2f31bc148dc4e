package org.openmusicbox.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table of edge-agent/README.md is the newcomer's map: a package added, moved or removed without
 * its row would send them to a room that is not there. This compares the table's first column with the
 * packages that hold main sources.
 */
class PackageMapTest {

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = MODULE.resolve("src/main/java/org/openmusicbox/edge");
    private static final Pattern ROW = Pattern.compile("^\\| (?:`([a-z0-9/]+)`|\\(root\\)) \\|");

    @Test
    void theReadmeTableNamesEveryPackageAndNoOther() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "no main sources at " + SOURCES);
        assertEquals(
                packagesWithSources(),
                packagesInTheTable(),
                "the packages with main sources (expected) and the rows of the table in edge-agent/README.md");
    }

    private static Set<String> packagesWithSources() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"))
                    .forEach(f -> packages.add(name(SOURCES.relativize(f.getParent()))));
        }
        assertTrue(packages.size() > 10, "found only " + packages);
        return packages;
    }

    private static Set<String> packagesInTheTable() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (String line : Files.readAllLines(MODULE.resolve("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                packages.add(row.group(1) == null ? "(root)" : row.group(1));
            }
        }
        return packages;
    }

    private static String name(Path relative) {
        String text = relative.toString().replace('\\', '/');
        return text.isEmpty() ? "(root)" : text;
    }
}
