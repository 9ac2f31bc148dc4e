package org.openmusicbox.protocol.v1;

import java.util.List;

/**
 * {@code sync:complete}. The same sequence goes out under both names because the documentation says
 * {@code server_seq} and the contract {@code current_global_seq}; clients read one or the other.
 */
public record SyncComplete(List<String> syncedRooms, long serverSeq, long currentGlobalSeq) {

    public SyncComplete {
        syncedRooms = List.copyOf(syncedRooms);
    }

    public static SyncComplete of(List<String> syncedRooms, long seq) {
        return new SyncComplete(syncedRooms, seq, seq);
    }
}
