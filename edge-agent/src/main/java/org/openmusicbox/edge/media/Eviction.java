package org.openmusicbox.edge.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Which complete files go to make room: least recently used first, never a kept one. */
final class Eviction {

    private Eviction() {}

    /**
     * @param files the complete files that may be considered (not one being downloaded)
     * @param needed bytes to free
     * @return the files to delete, least recently used first; null when even all non-kept files are not
     *     enough, so that nothing is removed for a download that cannot happen anyway
     */
    static List<MediaBook.Entry> victims(List<MediaBook.Entry> files, Set<String> kept, long needed) {
        List<MediaBook.Entry> order = new ArrayList<>(files);
        order.sort(Comparator.comparingLong(MediaBook.Entry::lastUse).thenComparing(MediaBook.Entry::sha256));
        List<MediaBook.Entry> chosen = new ArrayList<>();
        long freed = 0;
        for (MediaBook.Entry e : order) {
            if (freed >= needed) {
                break;
            }
            if (!kept.contains(e.sha256())) {
                chosen.add(e);
                freed += e.size();
            }
        }
        return freed >= needed ? chosen : null;
    }
}
