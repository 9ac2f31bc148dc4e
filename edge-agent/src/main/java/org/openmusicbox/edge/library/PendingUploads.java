package org.openmusicbox.edge.library;

import java.util.List;

/**
 * Files uploaded on the LAN that are still to reach the cloud's media store under their content address. A row is
 * made with its track ({@link Library#addTrack} with a sha256), so it survives restarts; it goes when the store
 * holds the file or the box gave up on it. Safe from any thread.
 */
public interface PendingUploads {

    /** Every pending upload, oldest first. */
    List<Pending> all();

    /**
     * The store holds the file: nothing more to send, and the tracks that play it record their {@code media}
     * (docs/sync.md: a track's media is recorded once its file is in the media store), in one transaction, so
     * the cloud learns where their file is.
     */
    void stored(String sha256);

    /** The store never will hold the file (the box gave up): nothing more to send, nothing recorded. */
    void done(String sha256);

    /** The cloud found another hash in what was sent; returns how many times that happened to this file. */
    int mismatched(String sha256);

    /** @param path the file, relative to the media directory */
    record Pending(String sha256, String format, long size, String path, int mismatches) {}
}
