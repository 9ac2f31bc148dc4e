package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.openmusicbox.cloud.store.PlaylistDetails;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.store.PlaylistSummary;
import org.openmusicbox.cloud.store.StoredTrack;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.Entity;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.PlaylistFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TagFields;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange.TrackFields;
import org.openmusicbox.protocol.v1.mqtt.Op;
import org.openmusicbox.protocol.v1.mqtt.Outcome;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PlaylistStore} on PostgreSQL through R2DBC (schema: {@code db/migration/V1__store.sql}).
 *
 * <p>A change's transaction first claims its {@code change_id} in {@code applied_changes}; a second
 * transaction with the same id (another instance, or a resend) waits on that row and then finds it, so
 * exactly one of them applies the change. The entity is then written by one {@code INSERT … ON CONFLICT DO
 * UPDATE … WHERE stored.version < new.version}: the row lock makes concurrent changes of one entity take
 * turns, and the highest version wins whatever the order of arrival.
 */
public final class PostgresStore implements PlaylistStore {

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

    private static final String PLAYLISTS = """
            SELECT p.playlist_id, p.title, p.description, p.version, p.updated_at,
                   (SELECT count(*) FROM tracks t
                     WHERE t.device_id = p.device_id AND t.playlist_id = p.playlist_id AND NOT t.deleted) AS track_count
              FROM playlists p
             WHERE p.device_id = :device AND NOT p.deleted
             ORDER BY p.title, p.playlist_id""";

    private static final String PLAYLIST = """
            SELECT playlist_id, title, description, version, updated_at FROM playlists
             WHERE device_id = :device AND playlist_id = :id AND NOT deleted""";

    private static final String TRACK_COLUMNS = """
            track_id, playlist_id, track_number, title, artist, album, duration_ms, object_key, sha256,
            file_size, format, version, deleted""";

    private static final String PLAYLIST_TRACKS = "SELECT " + TRACK_COLUMNS + """
             FROM tracks
            WHERE device_id = :device AND playlist_id = :id AND NOT deleted
            ORDER BY track_number, track_id""";

    private static final String TRACK = "SELECT " + TRACK_COLUMNS
            + " FROM tracks WHERE device_id = :device AND track_id = :id";

    /** A new track gets version 0; a known one only its media fields; a deleted one nothing. */
    private static final String REGISTER_TRACK = """
            WITH device AS (INSERT INTO devices (device_id) VALUES (:device) ON CONFLICT DO NOTHING)
            INSERT INTO tracks AS t (device_id, track_id, playlist_id, track_number, title, artist, album,
                                     duration_ms, object_key, sha256, file_size, format, version, deleted)
            VALUES (:device, :id, :playlist, :number, :title, :artist, :album,
                    :duration, :objectKey, :sha256, :size, :format, 0, false)
            ON CONFLICT (device_id, track_id) DO UPDATE
               SET object_key = excluded.object_key, sha256 = excluded.sha256, file_size = excluded.file_size,
                   format = excluded.format,
                   duration_ms = CASE WHEN excluded.duration_ms > 0 THEN excluded.duration_ms ELSE t.duration_ms END,
                   updated_at = now()
             WHERE NOT t.deleted
               AND (t.object_key, t.sha256, t.file_size, t.format, t.duration_ms)
                   IS DISTINCT FROM (excluded.object_key, excluded.sha256, excluded.file_size, excluded.format,
                       CASE WHEN excluded.duration_ms > 0 THEN excluded.duration_ms ELSE t.duration_ms END)""";

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
    private final TransactionalOperator tx;

    /** A store over a (pooled) connection factory, such as the one Spring Boot builds from {@code spring.r2dbc.*}. */
    public PostgresStore(ConnectionFactory connectionFactory) {
        this(DatabaseClient.create(connectionFactory),
                TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory)));
    }

    public PostgresStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = Objects.requireNonNull(db, "db");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    @Override
    public Mono<ChangeResult> apply(String deviceId, LibraryChange change) {
        if (change.version() < 1) {
            return Mono.just(ChangeResult.of(change, Outcome.REJECTED, 0,
                    "version must be at least 1, was " + change.version()));
        }
        Mono<ChangeResult> inTransaction = claim(deviceId, change)
                .flatMap(claimed -> claimed ? write(deviceId, change) : duplicate(deviceId, change));
        return tx.transactional(inTransaction)
                .onErrorResume(PostgresStore::isBadData, e -> Mono.just(
                        ChangeResult.of(change, Outcome.REJECTED, 0, "the store cannot hold this change: "
                                + r2dbcCause(e).getMessage())));
    }

    private Mono<Boolean> claim(String deviceId, LibraryChange change) {
        return db.sql(CLAIM)
                .bind("device", deviceId)
                .bind("change", change.changeId())
                .bind("entity", change.entity().wire())
                .bind("entityId", change.entityId())
                .bind("version", change.version())
                .fetch().rowsUpdated()
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
        return spec.map(row -> row.get("version", Long.class)).one()
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
                        .fetch().rowsUpdated()
                        .thenReturn(ChangeResult.of(change, Outcome.STALE, stored,
                                "stored version " + stored + " is not older than " + change.version())));
    }

    private Mono<ChangeResult> duplicate(String deviceId, LibraryChange change) {
        return storedVersion(deviceId, change.entity(), change.entityId())
                .map(stored -> ChangeResult.of(change, Outcome.DUPLICATE, stored,
                        "change " + change.changeId() + " was answered before"));
    }

    private Mono<Long> storedVersion(String deviceId, Entity entity, String entityId) {
        String sql = switch (entity) {
            case PLAYLIST -> "SELECT version FROM playlists WHERE device_id = :device AND playlist_id = :id";
            case TRACK -> "SELECT version FROM tracks WHERE device_id = :device AND track_id = :id";
            case TAG -> "SELECT version FROM tag_links WHERE device_id = :device AND tag_id = :id";
        };
        return db.sql(sql).bind("device", deviceId).bind("id", entityId)
                .map(row -> row.get("version", Long.class)).one()
                .defaultIfEmpty(0L);
    }

    @Override
    public Flux<PlaylistSummary> playlists(String deviceId) {
        return db.sql(PLAYLISTS).bind("device", deviceId)
                .map(row -> new PlaylistSummary(
                        row.get("playlist_id", String.class),
                        row.get("title", String.class),
                        row.get("description", String.class),
                        row.get("track_count", Long.class).intValue(),
                        row.get("version", Long.class),
                        instant(row, "updated_at")))
                .all();
    }

    @Override
    public Mono<PlaylistDetails> playlist(String deviceId, String playlistId) {
        Mono<List<StoredTrack>> tracks = db.sql(PLAYLIST_TRACKS)
                .bind("device", deviceId).bind("id", playlistId)
                .map(PostgresStore::track).all()
                .map(TrackRow::track)
                .collectList();
        return db.sql(PLAYLIST).bind("device", deviceId).bind("id", playlistId)
                .map(row -> new PlaylistDetails(
                        row.get("playlist_id", String.class),
                        row.get("title", String.class),
                        row.get("description", String.class),
                        row.get("version", Long.class),
                        instant(row, "updated_at"),
                        List.of()))
                .one()
                .flatMap(p -> tracks.map(list -> new PlaylistDetails(p.id(), p.title(), p.description(), p.version(),
                        p.updatedAt(), list)));
    }

    @Override
    public Mono<CloudTrack> registerTrack(String deviceId, String playlistId, CloudTrack track) {
        if (!playlistId.equals(track.playlistId())) {
            return Mono.error(new IllegalArgumentException("track " + track.id() + " names playlist "
                    + track.playlistId() + ", not " + playlistId));
        }
        GenericExecuteSpec spec = db.sql(REGISTER_TRACK)
                .bind("device", deviceId)
                .bind("id", track.id())
                .bind("playlist", playlistId)
                .bind("number", track.trackNumber())
                .bind("title", track.title())
                .bind("duration", track.durationMs())
                .bind("objectKey", track.objectKey())
                .bind("sha256", track.sha256())
                .bind("size", track.fileSize())
                .bind("format", track.format());
        spec = bindNullable(spec, "artist", track.artist());
        spec = bindNullable(spec, "album", track.album());
        return spec.fetch().rowsUpdated()
                .then(db.sql(TRACK).bind("device", deviceId).bind("id", track.id())
                        .map(PostgresStore::track).one())
                .map(stored -> stored.deleted() ? track : stored.cloudTrack());
    }

    @Override
    public Mono<Boolean> recordPresence(Presence presence) {
        GenericExecuteSpec spec = db.sql(RECORD_PRESENCE)
                .bind("device", presence.deviceId())
                .bind("presence", presence.status().wire())
                .bind("at", OffsetDateTime.ofInstant(Instant.parse(presence.at()), ZoneOffset.UTC));
        spec = bindNullable(spec, "version", presence.agentVersion());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    @Override
    public Mono<Presence> presence(String deviceId) {
        return db.sql(PRESENCE).bind("device", deviceId)
                .map(row -> new Presence(deviceId, Presence.Status.of(row.get("presence", String.class)),
                        row.get("presence_at", OffsetDateTime.class).toInstant().toString(),
                        row.get("agent_version", String.class)))
                .one();
    }

    /** A row of {@code tracks}: the track and its tombstone flag. */
    private record TrackRow(StoredTrack track, boolean deleted) {

        /** The stored track for the media side; only called for a row that holds its media fields. */
        CloudTrack cloudTrack() {
            StoredTrack t = track;
            return new CloudTrack(t.id(), t.playlistId(), t.trackNumber(), t.title(), t.artist(), t.album(),
                    t.durationMs(), t.objectKey(), t.sha256(), t.fileSize(), t.format());
        }
    }

    private static TrackRow track(Readable row) {
        Integer number = row.get("track_number", Integer.class);
        Long duration = row.get("duration_ms", Long.class);
        Long size = row.get("file_size", Long.class);
        StoredTrack track = new StoredTrack(
                row.get("track_id", String.class),
                row.get("playlist_id", String.class),
                number == null ? 0 : number,
                row.get("title", String.class),
                row.get("artist", String.class),
                row.get("album", String.class),
                duration == null ? 0 : duration,
                row.get("object_key", String.class),
                row.get("sha256", String.class),
                size == null ? 0 : size,
                row.get("format", String.class),
                row.get("version", Long.class));
        return new TrackRow(track, Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
    }

    private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static String instant(Readable row, String column) {
        OffsetDateTime at = row.get(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant().toString();
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
