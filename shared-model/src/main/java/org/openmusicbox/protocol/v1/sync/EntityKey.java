package org.openmusicbox.protocol.v1.sync;

import java.util.Comparator;

/** One entity of the library: its kind and id. */
public record EntityKey(Entity entity, String id) implements Comparable<EntityKey> {

    private static final Comparator<EntityKey> ORDER =
            Comparator.comparing(EntityKey::entity).thenComparing(EntityKey::id);

    @Override
    public int compareTo(EntityKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return Fields.name(entity) + "/" + id;
    }
}
