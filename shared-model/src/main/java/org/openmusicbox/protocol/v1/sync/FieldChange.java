package org.openmusicbox.protocol.v1.sync;

/**
 * One field of one entity set to one value, stamped: the unit both replicas exchange and merge. Whether the
 * field and value fit the entity is checked by {@link Replica#apply}, where a change from the wire arrives.
 */
public record FieldChange(Entity entity, String entityId, String field, Object value, Stamp stamp, String changeId) {

    public FieldChange {
        if (entity == null) {
            throw new IllegalArgumentException("entity must not be null");
        }
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("entity_id must not be blank");
        }
        if (stamp == null) {
            throw new IllegalArgumentException("stamp must not be null");
        }
        if (changeId == null || changeId.isBlank()) {
            throw new IllegalArgumentException("change_id must not be blank");
        }
    }

    public EntityKey key() {
        return new EntityKey(entity, entityId);
    }

    @Override
    public String toString() {
        return Fields.name(entity) + "/" + entityId + "." + field + "=" + value + " " + stamp + " #" + changeId;
    }
}
