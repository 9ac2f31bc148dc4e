package org.openmusicbox.cloud.store.postgres;

import static org.openmusicbox.cloud.store.postgres.R2dbcValues.bindNullable;

import io.r2dbc.spi.R2dbcException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.PlaylistFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TagFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TrackFields;
import org.openmusicbox.protocol.v1.mqtt.Op;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies a device's library changes, each exactly once, the highest version winning.
 *
 * <p>A change's transaction first claims its {@code change_id} in {@code applied_changes}; a second
 * transaction with the same id (another instance, or a resend) waits on that row and then finds it, so
 * exactly one of them applies the change. The entity is then written by one {@code INSERT … ON CONFLICT DO
 * UPDATE … WHERE stored.version < new.version}: the row lock makes concurrent changes of one entity take
 * turns, and the highest version wins whatever the order of arrival.
 */
final class LibraryChanges {

    private static final String CLAIM = """
            WITH device AS (INSERT INTO devices (device_id) VALUES (:device) ON CONFLICT DO NOTHING)
            INSERT INTO applied_changes (device_id, change_id, entity, entity_id, outcome, stored_version)
            VALUES (:device, :change, :entity, :entityId, 'applied', :version)
            ON CONFLICT (device_id, change_id) DO NOTHING""";

    private static final String UPSERT_PLAYLIST = """
            INSERT INTO playlists AS p (device_id, playlist_id, title, description, version, deleted, changed_at)
            VALUES (:device, :id, :title, :description, :version, false, :changedAt)
            ON CONFLICT (device_id, playlist_id) DO UPDATE
               SET title = excluded.title, description = excluded.description, version = excluded.version,
                   deleted = false, changed_at = excluded.changed_at, updated_at = now()
             WHERE p.version < excluded.version
            RETURNING version""";

    private static final String DELETE_PLAYLIST = """
            INSERT INTO playlists AS p (device_id, playlist_id, version, deleted, changed_at)
            VALUES (:device, :id, :version, true, :changedAt)
            ON CONFLICT (device_id, playlist_id) DO UPDATE
               SET version = excluded.version, deleted = true, changed_at = excluded.changed_at, updated_at = now()
             WHERE p.version < excluded.version
            RETURNING version""";

    /** Media fields a change leaves out (null, or 0 for sizes and durations) keep their stored values. */
    private static final String UPSERT_TRACK = """
            INSERT INTO tracks AS t (device_id, track_id, playlist_id, track_number, title, artist, album,
                                     duration_ms, object_key, sha256, file_size, version, deleted, changed_at)
            VALUES (:device, :id, :playlist, :number, :title, :artist, :album,
                    :duration, :objectKey, :sha256, :size, :version, false, :changedAt)
            ON CONFLICT (device_id, track_id) DO UPDATE
               SET playlist_id = excluded.playlist_id, track_number = excluded.track_number,
                   title = excluded.title, artist = excluded.artist, album = excluded.album,
                   duration_ms = CASE WHEN excluded.duration_ms > 0 THEN excluded.duration_ms ELSE t.duration_ms END,
                   object_key = coalesce(excluded.object_key, t.object_key),
                   sha256 = coalesce(excluded.sha256, t.sha256),
                   file_size = CASE WHEN excluded.file_size > 0 THEN excluded.file_size ELSE t.file_size END,
                   version = excluded.version, deleted = false, changed_at = excluded.changed_at, updated_at = now()
             WHERE t.version < excluded.version
            RETURNING version""";

    private static final String DELETE_TRACK = """
            INSERT INTO tracks AS t (device_id, track_id, version, deleted, changed_at)
            VALUES (:device, :id, :version, true, :changedAt)
            ON CONFLICT (device_id, track_id) DO UPDATE
               SET version = excluded.version, deleted = true, changed_at = excluded.changed_at, updated_at = now()
             WHERE t.version < excluded.version
            RETURNING version""";

    private static final String UPSERT_TAG = """
            INSERT INTO tag_links AS l (device_id, tag_id, playlist_id, version, deleted, changed_at)
            VALUES (:device, :id, :playlist, :version, false, :changedAt)
            ON CONFLICT (device_id, tag_id) DO UPDATE
               SET playlist_id = excluded.playlist_id, version = excluded.version, deleted = false,
                   changed_at = excluded.changed_at, updated_at = now()
             WHERE l.version < excluded.version
            RETURNING version""";

    private static final String DELETE_TAG = """
            INSERT INTO tag_links AS l (device_id, tag_id, version, deleted, changed_at)
            VALUES (:device, :id, :version, true, :changedAt)
            ON CONFLICT (device_id, tag_id) DO UPDATE
               SET version = excluded.version, deleted = true, changed_at = excluded.changed_at, updated_at = now()
             WHERE l.version < excluded.version
            RETURNING version""";

    private static final String MARK_STALE = """
            UPDATE applied_changes SET outcome = 'stale', stored_version = :stored
             WHERE device_id = :device AND change_id = :change""";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    LibraryChanges(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    Mono<ChangeResult> apply(String deviceId, LibraryChange change) {
        if (change.version() < 1) {
            return Mono.just(ChangeResult.of(
                    change, Outcome.REJECTED, 0, "version must be at least 1, was " + change.version()));
        }
        Mono<ChangeResult> inTransaction = claim(deviceId, change)
                .flatMap(claimed -> claimed ? write(deviceId, change) : duplicate(deviceId, change));
        return tx.transactional(inTransaction)
                .onErrorResume(
                        LibraryChanges::isBadData,
                        e -> Mono.just(ChangeResult.of(
                                change,
                                Outcome.REJECTED,
                                0,
                                "the store cannot hold this change: "
                                        + r2dbcCause(e).getMessage())));
    }

    private Mono<Boolean> claim(String deviceId, LibraryChange change) {
        return db.sql(CLAIM)
                .bind("device", deviceId)
                .bind("change", change.changeId())
                .bind("entity", change.entity().wire())
                .bind("entityId", change.entityId())
                .bind("version", change.version())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    private Mono<ChangeResult> write(String deviceId, LibraryChange change) {
        GenericExecuteSpec spec = db.sql(writeStatement(change))
                .bind("device", deviceId)
                .bind("id", change.entityId())
                .bind("version", change.version())
                .bind("changedAt", OffsetDateTime.ofInstant(Instant.parse(change.changedAt()), ZoneOffset.UTC));
        if (change.op() == Op.UPSERT) {
            spec = bindFields(spec, change);
        }
        return spec.map(row -> row.get("version", Long.class))
                .one()
                .map(version -> ChangeResult.of(change, Outcome.APPLIED, version, null))
                .switchIfEmpty(Mono.defer(() -> stale(deviceId, change)));
    }

    private static String writeStatement(LibraryChange change) {
        boolean upsert = change.op() == Op.UPSERT;
        return switch (change.entity()) {
            case PLAYLIST -> upsert ? UPSERT_PLAYLIST : DELETE_PLAYLIST;
            case TRACK -> upsert ? UPSERT_TRACK : DELETE_TRACK;
            case TAG -> upsert ? UPSERT_TAG : DELETE_TAG;
        };
    }

    private static GenericExecuteSpec bindFields(GenericExecuteSpec spec, LibraryChange change) {
        switch (change.entity()) {
            case PLAYLIST -> {
                PlaylistFields p = change.playlist();
                return bindNullable(spec.bind("title", p.title()), "description", p.description());
            }
            case TRACK -> {
                TrackFields t = change.track();
                GenericExecuteSpec s = spec.bind("playlist", t.playlistId())
                        .bind("number", t.trackNumber())
                        .bind("title", t.title())
                        .bind("duration", t.durationMs())
                        .bind("size", t.fileSize());
                s = bindNullable(s, "artist", t.artist());
                s = bindNullable(s, "album", t.album());
                s = bindNullable(s, "objectKey", t.objectKey());
                return bindNullable(s, "sha256", t.sha256());
            }
            case TAG -> {
                TagFields l = change.tag();
                return spec.bind("playlist", l.playlistId());
            }
            default -> throw new IllegalStateException("unknown entity " + change.entity());
        }
    }

    private Mono<ChangeResult> stale(String deviceId, LibraryChange change) {
        return storedVersion(deviceId, change.entity(), change.entityId())
                .flatMap(stored -> db.sql(MARK_STALE)
                        .bind("stored", stored)
                        .bind("device", deviceId)
                        .bind("change", change.changeId())
                        .fetch()
                        .rowsUpdated()
                        .thenReturn(ChangeResult.of(
                                change,
                                Outcome.STALE,
                                stored,
                                "stored version " + stored + " is not older than " + change.version())));
    }

    private Mono<ChangeResult> duplicate(String deviceId, LibraryChange change) {
        return storedVersion(deviceId, change.entity(), change.entityId())
                .map(stored -> ChangeResult.of(
                        change, Outcome.DUPLICATE, stored, "change " + change.changeId() + " was answered before"));
    }

    private Mono<Long> storedVersion(String deviceId, Entity entity, String entityId) {
        String sql = switch (entity) {
            case PLAYLIST -> "SELECT version FROM playlists WHERE device_id = :device AND playlist_id = :id";
            case TRACK -> "SELECT version FROM tracks WHERE device_id = :device AND track_id = :id";
            case TAG -> "SELECT version FROM tag_links WHERE device_id = :device AND tag_id = :id";
        };
        return db.sql(sql)
                .bind("device", deviceId)
                .bind("id", entityId)
                .map(row -> row.get("version", Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    private static boolean isBadData(Throwable e) {
        R2dbcException cause = r2dbcCause(e);
        String state = cause == null ? null : cause.getSqlState();
        // Class 22: data exception (a NUL character in text, a number out of range); 23: integrity constraint.
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static R2dbcException r2dbcCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r) {
                return r;
            }
        }
        return null;
    }
}
