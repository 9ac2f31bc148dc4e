package org.openmusicbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each case writes its own {@code db/migration/} into a temporary directory and reads it through a class loader
 * with no parent, so nothing on the test's class path can answer in its place.
 */
class MigrationTest {

    @TempDir
    Path tmp;

    @Test
    void theIndexIsReadInOrderSkippingCommentsAndBlankLines() throws IOException {
        ClassLoader loader = resources(
                tmp,
                Map.of(
                        "index.txt", "# the steps\n\nV1__library.sql\n  V2__resume_points.sql  \n# end\n",
                        "V1__library.sql", "CREATE TABLE a (x INTEGER);\n",
                        "V2__resume_points.sql", "CREATE TABLE b (x INTEGER);\n"));

        List<Migration> migrations = Migration.fromClasspath(loader);

        assertEquals(
                List.of(
                        new Migration(1, "library", "CREATE TABLE a (x INTEGER);\n"),
                        new Migration(2, "resume_points", "CREATE TABLE b (x INTEGER);\n")),
                migrations);
        assertEquals("V2__resume_points", migrations.get(1).label());
    }

    @Test
    void eachLoaderReadsItsOwnSteps() throws IOException {
        ClassLoader box = resources(
                tmp.resolve("box"),
                Map.of("index.txt", "V1__library.sql\n", "V1__library.sql", "CREATE TABLE tracks (id TEXT);"));
        ClassLoader cloud = resources(
                tmp.resolve("cloud"),
                Map.of("index.txt", "V1__store.sql\n", "V1__store.sql", "CREATE TABLE devices (id text);"));

        assertEquals("library", Migration.fromClasspath(box).get(0).name());
        assertEquals("store", Migration.fromClasspath(cloud).get(0).name());
    }

    @Test
    void aGapInTheNumberingIsRefused() throws IOException {
        ClassLoader loader = resources(
                tmp, Map.of("index.txt", "V1__a.sql\nV3__c.sql\n", "V1__a.sql", "SELECT 1;", "V3__c.sql", "SELECT 3;"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Migration.fromClasspath(loader));
        assertTrue(e.getMessage().contains("position 2 holds version 3"), e.getMessage());
    }

    @Test
    void stepsOutOfOrderOrNotStartingAtOneAreRefused() {
        Migration one = new Migration(1, "a", "");
        Migration two = new Migration(2, "b", "");
        assertThrows(IllegalStateException.class, () -> Migration.checkNumbering(List.of(two, one)));
        assertThrows(IllegalStateException.class, () -> Migration.checkNumbering(List.of(two)));
        assertThrows(IllegalStateException.class, () -> Migration.checkNumbering(List.of(one, one)));
        Migration.checkNumbering(List.of());
        Migration.checkNumbering(List.of(one, two));
    }

    @Test
    void aBadFileNameInTheIndexIsRefused() throws IOException {
        for (String bad : List.of(
                "V1_a.sql",
                "v1__a.sql",
                "V01__a.sql",
                "V1__a.txt",
                "V1__a-b.sql",
                "V0__a.sql",
                "1__a.sql",
                "V1__.sql")) {
            Path dir = Files.createTempDirectory(tmp, "bad");
            ClassLoader loader = resources(dir, Map.of("index.txt", bad + "\n", bad, "SELECT 1;"));

            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> Migration.fromClasspath(loader), bad);
            assertTrue(
                    e.getMessage().contains("bad migration file name")
                            && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void aMissingIndexOrStepIsNamed() throws IOException {
        ClassLoader empty = resources(tmp.resolve("empty"), Map.of());
        IllegalStateException noIndex = assertThrows(IllegalStateException.class, () -> Migration.fromClasspath(empty));
        assertTrue(noIndex.getMessage().contains("db/migration/index.txt"), noIndex.getMessage());

        ClassLoader noStep = resources(
                tmp.resolve("no-step"), Map.of("index.txt", "V1__a.sql\nV2__b.sql\n", "V1__a.sql", "SELECT 1;"));
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> Migration.fromClasspath(noStep));
        assertTrue(
                missing.getMessage().contains("missing classpath resource db/migration/V2__b.sql"),
                missing.getMessage());
    }

    @Test
    void theChecksumIsTheSha256OfTheScript() {
        // Known SHA-256 values: the empty string and "abc" (FIPS 180-2).
        assertEquals(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                new Migration(1, "a", "").checksum());
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                new Migration(1, "a", "abc").checksum());
    }

    @Test
    void theChecksumIsStableAndChangesWithTheText() {
        String script = "CREATE TABLE a (x INTEGER);\n";
        assertEquals(new Migration(1, "a", script).checksum(), new Migration(1, "a", script).checksum());
        assertEquals(
                new Migration(1, "a", script).checksum(),
                new Migration(7, "renamed", script).checksum(),
                "the checksum is of the script only");
        assertNotEquals(
                new Migration(1, "a", script).checksum(),
                new Migration(1, "a", "CREATE TABLE a (x  INTEGER);\n").checksum());
        assertNotEquals(new Migration(1, "a", script).checksum(), new Migration(1, "a", script.strip()).checksum());
    }

    @Test
    void windowsLineEndsDoNotChangeTheChecksum() throws IOException {
        ClassLoader unix = resources(
                tmp.resolve("unix"),
                Map.of(
                        "index.txt",
                        "V1__a.sql\n",
                        "V1__a.sql",
                        "CREATE TABLE a (x INTEGER);\nCREATE TABLE b (x INTEGER);\n"));
        ClassLoader windows = resources(
                tmp.resolve("windows"),
                Map.of(
                        "index.txt",
                        "V1__a.sql\r\n",
                        "V1__a.sql",
                        "CREATE TABLE a (x INTEGER);\r\nCREATE TABLE b (x INTEGER);\r\n"));

        assertEquals(
                Migration.fromClasspath(unix).get(0).checksum(),
                Migration.fromClasspath(windows).get(0).checksum());
    }

    @Test
    void aStepNeedsAPositiveVersionANameAndAScript() {
        assertThrows(IllegalArgumentException.class, () -> new Migration(0, "a", ""));
        assertThrows(NullPointerException.class, () -> new Migration(1, null, ""));
        assertThrows(NullPointerException.class, () -> new Migration(1, "a", null));
        assertThrows(NullPointerException.class, () -> Migration.fromClasspath(null));
    }

    /** A class loader that sees {@code files} as {@code db/migration/<name>} and nothing else. */
    private static ClassLoader resources(Path root, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(root.resolve(Migration.DIRECTORY));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        try {
            return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
