package org.openmusicbox.cloud.store.postgres;

import static org.openmusicbox.cloud.store.postgres.R2dbcValues.bindNullable;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/** Records each device's last presence; a late or repeated one changes nothing. */
final class DevicePresence {

    private static final String RECORD_PRESENCE = """
            INSERT INTO devices AS d (device_id, presence, presence_at, agent_version)
            VALUES (:device, :presence, :at, :version)
            ON CONFLICT (device_id) DO UPDATE
               SET presence = excluded.presence, presence_at = excluded.presence_at,
                   agent_version = COALESCE(excluded.agent_version, d.agent_version)
             WHERE d.presence_at IS NULL OR d.presence_at < excluded.presence_at
                OR (d.presence_at = excluded.presence_at AND excluded.presence = 'offline')""";

    private static final String PRESENCE = """
            SELECT presence, presence_at, agent_version FROM devices
             WHERE device_id = :device AND presence IS NOT NULL""";

    private final DatabaseClient db;

    DevicePresence(DatabaseClient db) {
        this.db = db;
    }

    Mono<Boolean> recordPresence(Presence presence) {
        GenericExecuteSpec spec = db.sql(RECORD_PRESENCE)
                .bind("device", presence.deviceId())
                .bind("presence", presence.status().wire())
                .bind("at", OffsetDateTime.ofInstant(Instant.parse(presence.at()), ZoneOffset.UTC));
        spec = bindNullable(spec, "version", presence.agentVersion());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Mono<Presence> presence(String deviceId) {
        return db.sql(PRESENCE)
                .bind("device", deviceId)
                .map(row -> new Presence(
                        deviceId,
                        Presence.Status.of(row.get("presence", String.class)),
                        row.get("presence_at", OffsetDateTime.class).toInstant().toString(),
                        row.get("agent_version", String.class)))
                .one();
    }
}
