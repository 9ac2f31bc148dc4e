package org.openmusicbox.cloud.sync;

import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * A parent's edit of one field of a box's library, made through the cloud: {@code value} is the field's JSON
 * value as in {@code sync/changes} (docs/mqtt.md), {@code null} included, as plain Java (string, number,
 * boolean, list, map): spring-cloud-function's HTTP reader cannot make a {@code JsonNode}.
 */
public record LibraryEdit(String deviceId, Entity entity, String entityId, String field, Object value) {

    public LibraryEdit {
        if (deviceId == null || !Topics.isDeviceId(deviceId)) {
            throw new IllegalArgumentException("device_id must be 1-64 characters of [A-Za-z0-9_-], was " + deviceId);
        }
        if (entity == null) {
            throw new IllegalArgumentException("entity must be playlist, track or tag");
        }
        if (entityId == null || entityId.isBlank()) {
            throw new IllegalArgumentException("entity_id must not be blank");
        }
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("field must not be blank");
        }
    }
}
