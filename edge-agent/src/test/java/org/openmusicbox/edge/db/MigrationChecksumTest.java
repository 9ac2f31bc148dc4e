package org.openmusicbox.edge.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.schema.Migration;

/** The box keeps the checksum of each applied step, as the cloud does, and refuses a step edited since. */
class MigrationChecksumTest {

    private static final List<Migration> SHIPPED = Migration.fromClasspath(Database.class.getClassLoader());

    @TempDir
    Path tmp;

    @Test
    void eachAppliedStepIsRecordedWithTheChecksumOfItsFile() {
        try (Database db = Database.open(tmp)) {
            List<String> expected = new ArrayList<>();
            for (Migration m : SHIPPED) {
                expected.add(m.version() + "|" + m.checksum());
            }
            assertEquals(
                    expected,
                    db.read(c ->
                            column(c, "SELECT version || '|' || checksum FROM schema_migrations ORDER BY version")));
        }
    }

    @Test
    void aChangedAppliedStepRefusesTheStartAndChangesNothing() throws SQLException {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        Migration v2 = new Migration(2, "second", "CREATE TABLE b (x INTEGER);");
        try (Database db = new Database(tmp, List.of(v1, v2))) {
            db.inTransaction(c -> exec(c, "INSERT INTO a (x) VALUES (42)"));
        }
        String before = dump();

        Migration edited = new Migration(2, "second", "CREATE TABLE b (x INTEGER, y TEXT);");
        Migration v3 = new Migration(3, "third", "CREATE TABLE c (x INTEGER);");
        DatabaseException refused =
                assertThrows(DatabaseException.class, () -> new Database(tmp, List.of(v1, edited, v3)));

        assertTrue(refused.getMessage().contains("V2__second has changed since it was applied"), refused.getMessage());
        assertEquals(before, dump(), "the refused start changed the library");
        try (Database db = new Database(tmp, List.of(v1, v2))) {
            assertEquals(2, db.schemaVersion());
            assertEquals("42", db.read(c -> text(c, "SELECT x FROM a")));
        }
    }

    @Test
    void anOldLibraryWithoutChecksumsUpgradesInPlaceAndKeepsItsData() throws SQLException {
        String appliedAt = "2025-03-01T10:00:00Z";
        // What the agent before checksums left on a card: schema_migrations of three columns, steps 1 and 2.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve(Database.FILE_NAME))) {
            exec(c, "PRAGMA journal_mode = WAL");
            exec(
                    c,
                    "CREATE TABLE schema_migrations ("
                            + "version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            for (Migration m : SHIPPED.subList(0, 2)) {
                for (String sql : Statements.split(m.sql())) {
                    exec(c, sql);
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, m.version());
                    insert.setString(2, m.name());
                    insert.setString(3, appliedAt);
                    insert.executeUpdate();
                }
            }
            exec(c, "INSERT INTO box_meta (key, value) VALUES ('kept', 'yes')");
        }

        try (Database db = Database.open(tmp)) {
            assertEquals(SHIPPED.size(), db.schemaVersion());
            assertEquals("yes", db.read(c -> text(c, "SELECT value FROM box_meta WHERE key = 'kept'")));
            assertEquals(
                    appliedAt, db.read(c -> text(c, "SELECT applied_at FROM schema_migrations WHERE version = 1")));
            for (Migration m : SHIPPED) {
                assertEquals(
                        m.checksum(),
                        db.read(c -> text(c, "SELECT checksum FROM schema_migrations WHERE version = " + m.version())),
                        m.label());
            }
        }
        try (Database db = Database.open(tmp)) {
            assertEquals(SHIPPED.size(), db.schemaVersion());
            assertEquals("yes", db.read(c -> text(c, "SELECT value FROM box_meta WHERE key = 'kept'")));
        }
    }

    @Test
    void anOldLibraryIsCheckedFromItsNextStart() {
        Migration v1 = new Migration(1, "first", "CREATE TABLE a (x INTEGER);");
        new Database(tmp, List.of(v1)).close();
        try (Database db = new Database(tmp, List.of(v1))) {
            db.inTransaction(c -> exec(c, "UPDATE schema_migrations SET checksum = NULL"));
        }
        try (Database db = new Database(tmp, List.of(v1))) {
            assertEquals(v1.checksum(), db.read(c -> text(c, "SELECT checksum FROM schema_migrations")));
        }

        Migration edited = new Migration(1, "first", "CREATE TABLE a (x TEXT);");
        assertThrows(DatabaseException.class, () -> new Database(tmp, List.of(edited)));
    }

    @Test
    void aNewLibraryHasTheChecksumColumnFromTheStart() {
        try (Database db = Database.open(tmp)) {
            assertEquals(
                    List.of("version", "name", "applied_at", "checksum"),
                    db.read(c -> column(c, "SELECT name FROM pragma_table_info('schema_migrations') ORDER BY cid")));
            assertNull(db.read(c -> text(c, "SELECT version FROM schema_migrations WHERE checksum IS NULL")));
        }
    }

    /** Every table's rows and the schema, as text: what a refused start must leave as it found it. */
    private String dump() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve(Database.FILE_NAME))) {
            StringBuilder out = new StringBuilder();
            out.append(column(c, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master ORDER BY name"));
            for (String table : column(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                out.append('\n').append(table).append(':');
                try (Statement statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        out.append(" (");
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            out.append(meta.getColumnName(i))
                                    .append('=')
                                    .append(rs.getString(i))
                                    .append(' ');
                        }
                        out.append(')');
                    }
                }
            }
            return out.toString();
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
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static Integer exec(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
            return null;
        }
    }
}
