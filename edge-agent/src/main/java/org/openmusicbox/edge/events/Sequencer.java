package org.openmusicbox.edge.events;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out {@code server_seq} and the per-playlist {@code playlist_seq}. Numbers are reserved from
 * the {@link SequenceStore} in blocks so that the disk is written once per block, and a restart
 * resumes above the saved mark: {@code server_seq} never goes backwards, even after a power cut.
 * Playlist sequences start at the same floor after a restart, so they never go backwards either.
 * Used only from the box thread, except {@link #current()}, which any thread may read.
 */
public final class Sequencer {

    static final long BLOCK = 1000;

    private final SequenceStore store;
    private final long floor;
    private final Map<String, Long> playlistSeqs = new HashMap<>();
    // Written on the box thread only; volatile so that health and refusals can read it from anywhere.
    private volatile long current;
    private long reservedUpTo;

    public Sequencer(SequenceStore store) {
        this.store = store;
        this.floor = store.load();
        this.current = floor;
        this.reservedUpTo = floor;
    }

    /** The number every event before this process started stayed at or below. */
    public long floor() {
        return floor;
    }

    public long current() {
        return current;
    }

    public long next() {
        if (current + 1 > reservedUpTo) {
            reservedUpTo = current + BLOCK;
            store.save(reservedUpTo);
        }
        return ++current;
    }

    public long currentPlaylistSeq(String playlistId) {
        return playlistSeqs.getOrDefault(playlistId, floor);
    }

    public long nextPlaylistSeq(String playlistId) {
        return playlistSeqs.merge(playlistId, floor + 1, (old, one) -> old + 1);
    }
}
