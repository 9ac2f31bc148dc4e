package org.openmusicbox.cloud.store.postgres;

import io.r2dbc.spi.ConnectionFactory;
import java.util.Objects;
import org.openmusicbox.cloud.store.PlaylistDetails;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.store.PlaylistSummary;
import org.openmusicbox.protocol.v1.mqtt.ChangeResult;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.LibraryChange;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PlaylistStore} on PostgreSQL through R2DBC (schema: {@code db/migration/V1__store.sql}): library
 * changes in {@link LibraryChanges}, reads in {@link StoredPlaylists}, media registration in
 * {@link MediaTracks}, presence in {@link DevicePresence}.
 */
public final class PostgresStore implements PlaylistStore {

    private final LibraryChanges changes;
    private final StoredPlaylists playlists;
    private final MediaTracks media;
    private final DevicePresence presence;

    /** A store over a (pooled) connection factory, such as the one Spring Boot builds from {@code spring.r2dbc.*}. */
    public PostgresStore(ConnectionFactory connectionFactory) {
        this(
                DatabaseClient.create(connectionFactory),
                TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory)));
    }

    public PostgresStore(DatabaseClient db, TransactionalOperator tx) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(tx, "tx");
        this.changes = new LibraryChanges(db, tx);
        this.playlists = new StoredPlaylists(db);
        this.media = new MediaTracks(db);
        this.presence = new DevicePresence(db);
    }

    @Override
    public Mono<ChangeResult> apply(String deviceId, LibraryChange change) {
        return changes.apply(deviceId, change);
    }

    @Override
    public Flux<PlaylistSummary> playlists(String deviceId) {
        return playlists.playlists(deviceId);
    }

    @Override
    public Mono<PlaylistDetails> playlist(String deviceId, String playlistId) {
        return playlists.playlist(deviceId, playlistId);
    }

    @Override
    public Mono<CloudTrack> registerTrack(String deviceId, String playlistId, CloudTrack track) {
        return media.registerTrack(deviceId, playlistId, track);
    }

    @Override
    public Mono<Boolean> recordPresence(Presence presence) {
        return this.presence.recordPresence(presence);
    }

    @Override
    public Mono<Presence> presence(String deviceId) {
        return presence.presence(deviceId);
    }
}
