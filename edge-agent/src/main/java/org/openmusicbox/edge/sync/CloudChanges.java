package org.openmusicbox.edge.sync;

import java.util.List;
import org.openmusicbox.protocol.v1.sync.FieldChange;

/**
 * The box's side of the cloud's change log: where the pull loop hands the entries it fetched, in seq order.
 * Applying them goes through the box's one writer, so the parents' pages see the usual state events, and
 * the cursor moves in the same transaction as the changes it covers: a crash between two pages re-fetches
 * the second, never skips it.
 */
public interface CloudChanges {

    /** The seq of the last log entry applied; 0 before the first. Any thread. */
    long cursor();

    /**
     * Applies one page of the log, whose last entry has {@code lastSeq}, then sets the cursor to it. Changes
     * this box made itself come back here too: they carry stamps the library already holds and change nothing.
     * Blocks until the box thread has applied the page; never called on the box thread.
     */
    void apply(long lastSeq, List<FieldChange> changes);
}
