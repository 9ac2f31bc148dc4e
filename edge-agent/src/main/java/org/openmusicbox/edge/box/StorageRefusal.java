package org.openmusicbox.edge.box;

import java.util.Optional;
import org.openmusicbox.edge.db.StorageFault;

/**
 * A fault of the card told in a parent's words. Every write path turns such a failure into the same
 * {@link BoxError}, so a full card is a 507 whether a playlist, a track, a tag link, a setting or an upload
 * hit it.
 */
public final class StorageRefusal {

    private StorageRefusal() {}

    /** The refusal a client gets for {@code e}: {@code e} itself when it is one, or its storage fault's. */
    public static Optional<BoxError> of(Throwable e) {
        if (e instanceof BoxError box) {
            return Optional.of(box);
        }
        return StorageFault.of(e).map(StorageRefusal::of);
    }

    public static BoxError of(StorageFault fault) {
        return switch (fault) {
            case FULL ->
                new BoxError(
                        "insufficient_storage",
                        507,
                        "The box's storage is full, so nothing was "
                                + "changed: free some space (delete tracks or playlists) and try again",
                        null,
                        null);
            case READ_ONLY ->
                new BoxError(
                        "storage_read_only",
                        503,
                        "The box's storage is read-only (the card was "
                                + "mounted read-only, often after a card error), so nothing was changed: restart the box; if it "
                                + "stays read-only, check or replace the SD card",
                        null,
                        null);
            case DAMAGED ->
                new BoxError(
                        "library_damaged",
                        503,
                        "The box's library file is damaged, so this could "
                                + "not be read or changed: see /api/health for what the box found and what to do",
                        null,
                        null);
        };
    }
}
