package org.openmusicbox.edge.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.openmusicbox.schema.Migration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The box's SQLite file, {@code <dataDir>/library.db}, with the audio files beside it in
 * {@code <dataDir>/media}. WAL journal with {@code synchronous=FULL}: a committed transaction is on the
 * disk, and a power cut loses at most the transaction in progress, never the file.
 *
 * <p>One JDBC connection behind one lock. The box's single writer thread writes through
 * {@link #inTransaction}; other threads read through {@link #read} and simply wait for the lock.
 * Calls nest on the same thread: work inside a transaction that calls {@code read} or
 * {@code inTransaction} again joins the outer transaction.
 *
 * <p>At open the schema is brought up to date with the numbered steps of {@code db/migration/} ({@link Migration},
 * shared with the cloud), recorded in {@code schema_migrations} with each step's checksum. The runner is the
 * box's own, not the cloud's: here blocking JDBC applies each step in one transaction to a file only this
 * process opens, on a Pi with 512 MB, so it needs neither a lock between instances nor Reactor; the cloud
 * applies its steps over reactive R2DBC to a PostgreSQL that several instances share, under an advisory lock
 * ({@code org.openmusicbox.cloud.store.postgres.Migrations}).
 */
public final class Database implements AutoCloseable {

    public static final String FILE_NAME = "library.db";
    public static final String MEDIA_DIRECTORY = "media";
    static final int BUSY_TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final Path dataDir;
    private final Path mediaDir;
    private final ReentrantLock lock = new ReentrantLock();
    private final Path setAside;
    private Connection connection;
    private boolean inTransaction;

    /** Opens (creating when missing) the database in {@code dataDir} and brings its schema up to date. */
    public static Database open(Path dataDir) {
        return new Database(dataDir, Migration.fromClasspath(Database.class.getClassLoader()));
    }

    /** Opens with the given migrations instead of the classpath ones; for tests. */
    Database(Path dataDir, List<Migration> migrations) {
        Migration.checkNumbering(migrations);
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.mediaDir = this.dataDir.resolve(MEDIA_DIRECTORY);
        Path file = this.dataDir.resolve(FILE_NAME);
        if (Files.isDirectory(this.dataDir)) {
            LibraryFile.requireWritable(this.dataDir, file);
        }
        try {
            Files.createDirectories(this.mediaDir);
        } catch (IOException e) {
            LibraryFile.requireWritable(this.dataDir, file);
            throw new DatabaseException("cannot create data directory " + this.mediaDir, e);
        }
        this.setAside = LibraryFile.setAsideIfUnreadable(file).orElse(null);
        this.connection = connect(file);
        try {
            migrate(migrations);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private static Connection connect(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            try {
                String journalMode = pragma(connection, "journal_mode");
                if (!"wal".equals(journalMode.toLowerCase(Locale.ROOT))) {
                    throw new DatabaseException(
                            "SQLite refused WAL mode for " + file + " (journal_mode=" + journalMode + ")");
                }
                if (!"1".equals(pragma(connection, "foreign_keys"))) {
                    throw new DatabaseException("SQLite did not enable foreign keys for " + file);
                }
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot open " + file, e);
        }
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private void migrate(List<Migration> migrations) {
        inTransaction(c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY NOT NULL, "
                        + "name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)");
            }
            addChecksumColumnIfMissing(c);
            int current = schemaVersion();
            if (current > migrations.size()) {
                throw new DatabaseException("database schema version " + current + " is newer than this agent knows ("
                        + migrations.size() + "); refusing to use it");
            }
            checkAppliedSteps(c, migrations);
            return null;
        });
        int current = schemaVersion();
        for (Migration migration : migrations.subList(current, migrations.size())) {
            apply(migration);
        }
    }

    /**
     * Libraries written before checksums were kept have a {@code schema_migrations} without the column. Adding it
     * in place, inside the start's first transaction, keeps the card's library; it cannot be a numbered step,
     * since the steps are recorded in this very table.
     */
    private static void addChecksumColumnIfMissing(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'")) {
            rs.next();
            if (rs.getInt(1) == 1) {
                return;
            }
        }
        try (Statement statement = c.createStatement()) {
            statement.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT");
        }
        log.info("Database migrations now keep checksums; the steps applied before get those of today's files");
    }

    /**
     * Refuses an applied step whose file has changed since: the schema on the card was made by the old text, and
     * running later steps on top of it would be a guess. A step applied before checksums were kept (NULL) gets
     * today's checksum, as it cannot be checked. On refusal the transaction rolls back, so nothing changes.
     */
    private static void checkAppliedSteps(Connection c, List<Migration> migrations) throws SQLException {
        Map<Integer, String> recorded = new LinkedHashMap<>();
        try (Statement statement = c.createStatement();
                ResultSet rs =
                        statement.executeQuery("SELECT version, checksum FROM schema_migrations ORDER BY version")) {
            while (rs.next()) {
                recorded.put(rs.getInt(1), rs.getString(2));
            }
        }
        for (Map.Entry<Integer, String> step : recorded.entrySet()) {
            Migration migration = migrations.get(step.getKey() - 1);
            if (step.getValue() != null && !step.getValue().equals(migration.checksum())) {
                throw new DatabaseException("migration " + migration.label() + " has changed since it was applied "
                        + "(checksum " + step.getValue() + " in schema_migrations, the file's is "
                        + migration.checksum() + "); the library was left as it is: restore the step's text and add "
                        + "a new migration instead of editing it");
            }
        }
        try (PreparedStatement record = c.prepareStatement(
                "UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum IS NULL")) {
            for (Map.Entry<Integer, String> step : recorded.entrySet()) {
                if (step.getValue() == null) {
                    record.setString(1, migrations.get(step.getKey() - 1).checksum());
                    record.setInt(2, step.getKey());
                    record.executeUpdate();
                }
            }
        }
    }

    private void apply(Migration migration) {
        try {
            inTransaction(c -> {
                try (Statement statement = c.createStatement()) {
                    for (String sql : Statements.split(migration.sql())) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.name());
                    insert.setString(3, Instant.now().toString());
                    insert.setString(4, migration.checksum());
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw new DatabaseException(
                    "migration " + migration.label() + " failed; the schema stays at version "
                            + (migration.version() - 1),
                    e);
        }
        log.info("Applied database migration {}", migration.label());
    }

    /** The highest applied migration version, 0 for an empty database. */
    public int schemaVersion() {
        return read(c -> {
            try (Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. A
     * {@link SQLException} comes out as a {@link DatabaseException}; other exceptions come out as they are.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        lock.lock();
        try {
            Connection c = connection();
            if (inTransaction) {
                return runWrapped(work, c);
            }
            begin(c);
            inTransaction = true;
            T result;
            try {
                result = runWrapped(work, c);
            } catch (RuntimeException | Error e) {
                inTransaction = false;
                rollback(c, e);
                throw e;
            }
            inTransaction = false;
            try {
                c.commit();
            } catch (SQLException e) {
                rollback(c, e);
                throw new DatabaseException("commit failed", e);
            } finally {
                restoreAutoCommit(c);
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} on the connection without opening a transaction of its own. */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return runWrapped(work, connection());
        } finally {
            lock.unlock();
        }
    }

    /** True when the database answers {@code SELECT 1}; never throws. */
    public boolean ping() {
        try {
            return read(c -> {
                try (Statement statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT 1")) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            });
        } catch (RuntimeException e) {
            log.warn("Database ping failed: {}", e.toString());
            return false;
        }
    }

    /**
     * SQLite's own check of the file ({@code PRAGMA quick_check}): "ok", or what it found wrong.
     * It reads the whole file, so it belongs off the start path.
     */
    public String quickCheck() {
        try {
            return read(c -> {
                StringBuilder found = new StringBuilder();
                try (Statement statement = c.createStatement();
                        ResultSet rs = statement.executeQuery("PRAGMA quick_check")) {
                    while (rs.next()) {
                        if (found.length() > 0) {
                            found.append("; ");
                        }
                        found.append(rs.getString(1));
                    }
                }
                return found.toString();
            });
        } catch (RuntimeException e) {
            return "cannot check: " + e.getMessage();
        }
    }

    /** Where an unreadable library file found at this start was kept; null when there was none. */
    public Path setAside() {
        return setAside;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code <dataDir>/media}, where the audio files live; created at open. */
    public Path mediaDir() {
        return mediaDir;
    }

    /** Closes the connection; later calls fail with {@link IllegalStateException}. Closing twice is fine. */
    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing the database failed: {}", e.toString());
        } finally {
            connection = null;
        }
    }

    private Connection connection() {
        if (connection == null) {
            throw new IllegalStateException("database " + dataDir.resolve(FILE_NAME) + " is closed");
        }
        return connection;
    }

    private static <T> T runWrapped(SqlWork<T> work, Connection c) {
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }

    private static void begin(Connection c) {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new DatabaseException("cannot begin a transaction", e);
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        } finally {
            restoreAutoCommit(c);
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("Cannot restore auto-commit: {}", e.toString());
        }
    }
}
