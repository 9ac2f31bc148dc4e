package org.openmusicbox.edge.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.schema.Migration;

class DatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void openCreatesTheDirectoriesAndSetsThePragmas() {
        Path dataDir = tmp.resolve("not/yet/there");
        try (Database db = Database.open(dataDir)) {
            assertTrue(Files.isRegularFile(dataDir.resolve("library.db")));
            assertTrue(Files.isDirectory(dataDir.resolve("media")));
            assertEquals(dataDir.toAbsolutePath(), db.dataDir());
            assertEquals(dataDir.toAbsolutePath().resolve("media"), db.mediaDir());
            assertEquals("wal", db.read(c -> text(c, "PRAGMA journal_mode")));
            assertEquals("2", db.read(c -> text(c, "PRAGMA synchronous")), "synchronous=FULL");
            assertEquals("1", db.read(c -> text(c, "PRAGMA foreign_keys")));
            assertEquals(String.valueOf(Database.BUSY_TIMEOUT_MS), db.read(c -> text(c, "PRAGMA busy_timeout")));
            assertTrue(db.ping());
        }
    }

    @Test
    void classpathMigrationsCreateTheLibrarySchema() {
        try (Database db = Database.open(tmp)) {
            assertEquals(12, db.schemaVersion());
            assertEquals(
                    List.of(
                            "box_meta",
                            "field_stamps",
                            "media_files",
                            "media_uploads",
                            "outbox",
                            "paired_phones",
                            "parent_sessions",
                            "playlists",
                            "remote_commands",
                            "resume_points",
                            "schema_migrations",
                            "sqlite_sequence",
                            "sync_state",
                            "tag_names",
                            "track_covers",
                            "tracks",
                            "upload_sessions"),
                    db.read(c -> column(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
            assertEquals(
                    List.of(
                            "1|library",
                            "2|resume_points",
                            "3|upload_sessions",
                            "4|outbox",
                            "5|media_cache",
                            "6|cloud_changes",
                            "7|media_uploads",
                            "8|tag_names",
                            "9|track_covers",
                            "10|parent_sessions",
                            "11|paired_phones",
                            "12|remote_commands"),
                    db.read(c -> column(c, "SELECT version || '|' || name FROM schema_migrations ORDER BY version")));
        }
    }

    @Test
    void migrationsApplyOnceAndDataSurvivesReopen() {
        String appliedAt;
        try (Database db = Database.open(tmp)) {
            appliedAt = db.read(c -> text(c, "SELECT applied_at FROM schema_migrations WHERE version = 1"));
            db.inTransaction(c -> exec(c, "INSERT INTO box_meta (key, value) VALUES ('k', 'v')"));
        }
        try (Database db = Database.open(tmp)) {
            assertEquals(12, db.schemaVersion());
            assertEquals("12", db.read(c -> text(c, "SELECT COUNT(*) FROM schema_migrations")));
            assertEquals(
                    appliedAt, db.read(c -> text(c, "SELECT applied_at FROM schema_migrations WHERE version = 1")));
            assertEquals("v", db.read(c -> text(c, "SELECT value FROM box_meta WHERE key = 'k'")));
        }
    }

    @Test
    void aLaterMigrationIsAppliedToAnExistingDatabase() {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        Migration v2 =
                new Migration(2, "second", "ALTER TABLE a ADD COLUMN y TEXT; INSERT INTO a (x, y) VALUES (1, 'one');");
        new Database(tmp, List.of(v1)).close();
        try (Database db = new Database(tmp, List.of(v1, v2))) {
            assertEquals(2, db.schemaVersion());
            assertEquals("one", db.read(c -> text(c, "SELECT y FROM a WHERE x = 1")));
        }
    }

    @Test
    void aFailingMigrationLeavesThePreviousVersionAndThrows() {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        Migration broken = new Migration(
                2,
                "broken",
                "CREATE TABLE b (x INTEGER); INSERT INTO a (x) VALUES (7); INSERT INTO no_such_table VALUES (1);");

        DatabaseException failure = assertThrows(DatabaseException.class, () -> new Database(tmp, List.of(v1, broken)));
        assertTrue(failure.getMessage().contains("V2__broken"), failure.getMessage());

        try (Database db = new Database(tmp, List.of(v1))) {
            assertEquals(1, db.schemaVersion());
            assertEquals(
                    List.of("a", "schema_migrations"),
                    db.read(c -> column(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
            assertEquals("0", db.read(c -> text(c, "SELECT COUNT(*) FROM a")));
        }
        Migration fixed = new Migration(2, "fixed", "CREATE TABLE b (x INTEGER);");
        try (Database db = new Database(tmp, List.of(v1, fixed))) {
            assertEquals(2, db.schemaVersion());
        }
    }

    @Test
    void aDatabaseNewerThanTheAgentIsRefused() {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        Migration v2 = new Migration(2, "second", "CREATE TABLE b (x INTEGER);");
        new Database(tmp, List.of(v1, v2)).close();
        assertThrows(DatabaseException.class, () -> new Database(tmp, List.of(v1)));
    }

    @Test
    void migrationsMustBeNumberedWithoutGaps() {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        Migration v3 = new Migration(3, "third", "CREATE TABLE c (x INTEGER);");
        assertThrows(IllegalStateException.class, () -> new Database(tmp, List.of(v1, v3)));
        assertFalse(Files.exists(tmp.resolve("library.db")));
    }

    @Test
    void aTransactionThatThrowsIsRolledBackAndTheExceptionPassesThrough() {
        try (Database db = Database.open(tmp)) {
            IllegalArgumentException thrown = new IllegalArgumentException("no");
            IllegalArgumentException caught = assertThrows(
                    IllegalArgumentException.class,
                    () -> db.inTransaction(c -> {
                        exec(c, "INSERT INTO box_meta (key, value) VALUES ('k', 'v')");
                        throw thrown;
                    }));
            assertSame(thrown, caught);
            assertEquals("0", db.read(c -> text(c, "SELECT COUNT(*) FROM box_meta")));

            DatabaseException sqlFailure = assertThrows(
                    DatabaseException.class,
                    () -> db.inTransaction(c -> {
                        exec(c, "INSERT INTO box_meta (key, value) VALUES ('k', 'v')");
                        return exec(c, "INSERT INTO box_meta (key, value) VALUES ('k', 'again')");
                    }));
            assertTrue(sqlFailure.getCause() instanceof SQLException);
            assertEquals("0", db.read(c -> text(c, "SELECT COUNT(*) FROM box_meta")));

            db.inTransaction(c -> exec(c, "INSERT INTO box_meta (key, value) VALUES ('k', 'v')"));
            assertEquals("1", db.read(c -> text(c, "SELECT COUNT(*) FROM box_meta")));
        }
    }

    @Test
    void aNestedTransactionJoinsTheOuterOne() {
        try (Database db = Database.open(tmp)) {
            assertThrows(
                    IllegalStateException.class,
                    () -> db.inTransaction(c -> {
                        db.inTransaction(
                                inner -> exec(inner, "INSERT INTO box_meta (key, value) VALUES ('inner', 'v')"));
                        assertEquals("1", db.read(r -> text(r, "SELECT COUNT(*) FROM box_meta")));
                        throw new IllegalStateException("outer fails");
                    }));
            assertEquals("0", db.read(c -> text(c, "SELECT COUNT(*) FROM box_meta")));
        }
    }

    @Test
    void aClosedDatabaseFailsLoudlyButPingOnlyAnswersFalse() {
        Database db = Database.open(tmp);
        db.close();
        db.close();
        assertFalse(db.ping());
        assertThrows(IllegalStateException.class, () -> db.read(c -> text(c, "SELECT 1")));
        assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> text(c, "SELECT 1")));
    }

    @Test
    void aMigrationWithATriggerRunsWhole() {
        Migration withTrigger = new Migration(1, "trigger", """
                CREATE TABLE a (x TEXT);
                CREATE TRIGGER a_copy AFTER INSERT ON a BEGIN
                    INSERT INTO a (x) SELECT 'copy' WHERE NEW.x <> 'copy';
                END;
                INSERT INTO a (x) VALUES ('first');
                """);
        try (Database db = new Database(tmp, List.of(withTrigger))) {
            assertEquals(List.of("copy", "first"), db.read(c -> column(c, "SELECT x FROM a ORDER BY x")));
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Integer exec(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
