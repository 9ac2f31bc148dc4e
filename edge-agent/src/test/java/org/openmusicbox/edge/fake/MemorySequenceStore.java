package org.openmusicbox.edge.fake;

import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.edge.events.SequenceStore;

/** A sequence store in memory that remembers every save, so tests can see how often the disk is hit. */
public final class MemorySequenceStore implements SequenceStore {

    private long saved;
    private final List<Long> saves = new ArrayList<>();

    public MemorySequenceStore(long initial) {
        this.saved = initial;
    }

    @Override
    public long load() {
        return saved;
    }

    @Override
    public void save(long highWater) {
        saved = highWater;
        saves.add(highWater);
    }

    public List<Long> saves() {
        return List.copyOf(saves);
    }
}
