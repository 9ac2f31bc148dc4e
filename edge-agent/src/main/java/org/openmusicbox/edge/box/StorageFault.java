package org.openmusicbox.edge.box;

import java.util.Locale;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What went wrong with the card when a write or read failed, told in a parent's words: full,
 * read-only or damaged. Every write path turns such a failure into the same {@link BoxError}, so a
 * full card is a 507 whether a playlist, a track, a tag link, a setting or an upload hit it.
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
            if (m.contains("no space left") || m.contains("not enough space") || m.contains("disk quota exceeded")
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

    /** The refusal a client gets for {@code e}, when it is a storage fault. */
    public static Optional<BoxError> refusal(Throwable e) {
        if (e instanceof BoxError box) {
            return Optional.of(box);
        }
        return of(e).map(StorageFault::refusal);
    }

    public BoxError refusal() {
        return switch (this) {
            case FULL -> new BoxError("insufficient_storage", 507, "The box's storage is full, so nothing was "
                    + "changed: free some space (delete tracks or playlists) and try again", null, null);
            case READ_ONLY -> new BoxError("storage_read_only", 503, "The box's storage is read-only (the card was "
                    + "mounted read-only, often after a card error), so nothing was changed: restart the box; if it "
                    + "stays read-only, check or replace the SD card", null, null);
            case DAMAGED -> new BoxError("library_damaged", 503, "The box's library file is damaged, so this could "
                    + "not be read or changed: see /api/health for what the box found and what to do", null, null);
        };
    }
}
