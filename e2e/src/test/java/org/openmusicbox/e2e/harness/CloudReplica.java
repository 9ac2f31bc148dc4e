package org.openmusicbox.e2e.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openmusicbox.protocol.v1.mqtt.SyncValues;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.FieldChange;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.openmusicbox.protocol.v1.sync.Replica;
import org.openmusicbox.protocol.v1.sync.Stamp;
import org.openmusicbox.protocol.v1.sync.View;

/**
 * The cloud's copy of one box's library, read with SQL from {@code replica_fields} and {@code replica_log}. The rows
 * are fed to the sync model's {@link Replica}, whose view is what a parent sees (docs/sync.md): the same derivation
 * the cloud's own code uses, so a difference from the box is a difference in the stored fields.
 */
public final class CloudReplica {

    private final Database database;
    private final String deviceId;

    public CloudReplica(Database database, String deviceId) {
        this.database = database;
        this.deviceId = deviceId;
    }

    public Shown shown() {
        Replica replica = new Replica("e2e-reader", new Hlc(System::currentTimeMillis));
        int n = 0;
        for (Map<String, Object> row : database.rows(
                "SELECT entity, entity_id, field, value::text AS value, hlc, origin FROM replica_fields"
                        + " WHERE device_id = ?",
                deviceId)) {
            Entity entity = Entity.valueOf(((String) row.get("entity")).toUpperCase(Locale.ROOT));
            String field = (String) row.get("field");
            replica.apply(new FieldChange(
                    entity,
                    (String) row.get("entity_id"),
                    field,
                    SyncValues.fromJson(entity, field, (String) row.get("value")),
                    new Stamp((Long) row.get("hlc"), (String) row.get("origin")),
                    "row-" + n++));
        }
        View view = replica.view();
        Map<String, Shown.Playlist> playlists = new HashMap<>();
        for (View.PlaylistView p : view.playlists()) {
            playlists.put(
                    p.id(),
                    new Shown.Playlist(
                            p.title(),
                            p.description() == null || p.description().isEmpty() ? null : p.description(),
                            p.tracks().stream()
                                    .map(t -> new Shown.Track(t.id(), t.trackNumber(), t.title()))
                                    .toList()));
        }
        Map<String, String> tags = new HashMap<>();
        view.tags().forEach((tag, playlist) -> {
            if (playlist != null && playlists.containsKey(playlist)) {
                tags.put(tag, playlist);
            }
        });
        return new Shown(playlists, tags);
    }

    /** One field's stored value as JSON text (null when the cloud has no such field), tombstones included. */
    public String field(String entity, String entityId, String field) {
        List<Map<String, Object>> rows = database.rows(
                "SELECT value::text AS value FROM replica_fields WHERE device_id = ? AND entity = ? AND entity_id = ?"
                        + " AND field = ?",
                deviceId,
                entity,
                entityId,
                field);
        return rows.isEmpty() ? null : (String) rows.get(0).get("value");
    }

    /** The stamp the cloud holds for one field (null when it has no such field): which write won there. */
    public Stamp stamp(String entity, String entityId, String field) {
        List<Map<String, Object>> rows = database.rows(
                "SELECT hlc, origin FROM replica_fields WHERE device_id = ? AND entity = ? AND entity_id = ?"
                        + " AND field = ?",
                deviceId,
                entity,
                entityId,
                field);
        return rows.isEmpty()
                ? null
                : new Stamp((Long) rows.get(0).get("hlc"), (String) rows.get(0).get("origin"));
    }

    /** Change ids logged more than once for this device (none, if nothing was applied twice). */
    public List<String> changeIdsLoggedTwice() {
        return database
                .rows(
                        "SELECT change_id FROM replica_log WHERE device_id = ? GROUP BY change_id HAVING count(*) > 1",
                        deviceId)
                .stream()
                .map(r -> (String) r.get("change_id"))
                .toList();
    }

    /** How many times each (entity id, field) was logged, for fields written once by the test. */
    public Map<String, Long> logCounts(String entity, String field) {
        Map<String, Long> counts = new HashMap<>();
        for (Map<String, Object> r : database.rows(
                "SELECT entity_id, count(*) AS n FROM replica_log WHERE device_id = ? AND entity = ? AND field = ?"
                        + " GROUP BY entity_id",
                deviceId,
                entity,
                field)) {
            counts.put((String) r.get("entity_id"), (Long) r.get("n"));
        }
        return counts;
    }
}
