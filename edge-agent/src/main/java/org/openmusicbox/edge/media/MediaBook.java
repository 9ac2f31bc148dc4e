package org.openmusicbox.edge.media;

import java.util.List;

/**
 * What the cache remembers across restarts: the downloads under way (so a part can be resumed after a
 * cut) and the complete files with their last use (so eviction knows the least recently played). Each
 * call is its own committed write.
 */
public interface MediaBook {

    /** A download of {@code size} bytes starts (or starts again); a complete row for it is replaced. */
    void downloading(String sha256, String ext, long size);

    /** The verified file is in place: complete, and used now (a fresh download is not the first to go). */
    void complete(String sha256, String ext, long size);

    /** The file was played: used now. A sha256 the book does not hold as complete is ignored. */
    void played(String sha256);

    /** Nothing of this sha256 is on the card any more. */
    void forget(String sha256);

    List<Entry> entries();

    /** One row; {@code lastUse} grows with every use (a counter, not a time). */
    record Entry(String sha256, String ext, long size, boolean complete, long lastUse) {}
}
