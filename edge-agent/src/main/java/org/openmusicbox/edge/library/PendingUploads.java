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

    /** The store holds the file, or it never will: nothing more to send. */
    void done(String sha256);

    /** The cloud found another hash in what was sent; returns how many times that happened to this file. */
    int mismatched(String sha256);

    /** @param path the file, relative to the media directory */
    record Pending(String sha256, String format, long size, String path, int mismatches) {}
}
