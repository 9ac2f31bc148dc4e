package org.openmusicbox.edge.events;

/**
 * Keeps the high-water mark of {@code server_seq} across restarts. The sequencer reserves numbers in
 * blocks and saves the end of each block before using it, so a restart (even a power cut) resumes
 * above every number ever sent while the disk is written only once per block.
 */
public interface SequenceStore {

    /** The saved high-water mark, 0 on a fresh box. */
    long load();

    /** Durably saves a new high-water mark before any number up to it is used. */
    void save(long highWater);
}
