package org.openmusicbox.edge.db;

import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What went wrong with the card when a write or read failed: full, read-only or damaged. It is read here,
 * next to the database, because SQLite's result codes say it most reliably; the box tells it in a parent's
 * words ({@code box/StorageRefusal}).
 */
public enum StorageFault {
    FULL,
    READ_ONLY,
    DAMAGED;

    /** The fault behind {@code e} (SQLite result codes, then the file system's own words), if any. */
    public static Optional<StorageFault> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                Optional<StorageFault> fault = of(sqlite.getResultCode());
                if (fault.isPresent()) {
                    return fault;
                }
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("no space left")
                    || m.contains("not enough space")
                    || m.contains("disk quota exceeded")
                    || m.contains("database or disk is full")) {
                return Optional.of(FULL);
            }
            if (m.contains("read-only file system") || m.contains("readonly database")) {
                return Optional.of(READ_ONLY);
            }
            if (m.contains("disk image is malformed") || m.contains("file is not a database")) {
                return Optional.of(DAMAGED);
            }
        }
        return Optional.empty();
    }

    private static Optional<StorageFault> of(SQLiteErrorCode code) {
        if (code == null) {
            return Optional.empty();
        }
        String name = code.name();
        if (name.equals("SQLITE_FULL")) {
            return Optional.of(FULL);
        }
        if (name.startsWith("SQLITE_READONLY")) {
            return Optional.of(READ_ONLY);
        }
        if (name.startsWith("SQLITE_CORRUPT") || name.equals("SQLITE_NOTADB")) {
            return Optional.of(DAMAGED);
        }
        return Optional.empty();
    }
}
