package org.openmusicbox.cloud.config;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.openmusicbox.cloud.media.AudioProbe;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.store.postgres.DatabaseLogin;
import org.openmusicbox.cloud.store.postgres.Migrations;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.cloud.store.postgres.PostgresStore;
import org.openmusicbox.cloud.store.postgres.StoreUnreachable;
import org.openmusicbox.cloud.youtube.postgres.PostgresYoutubeTasks;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The adapters behind the handlers' ports: the playlist store on the R2DBC connection factory of
 * {@link DatabaseConfiguration} (its schema brought up to date before anything can use it), and the media store
 * from {@code omb.s3.*}, and the cloud's replica of each box's library (sync) beside the playlist store. The device link is in {@link MqttConfiguration}.
 */
// Not in the relay (profile relay, org.openmusicbox.cloud.relay), which runs no function.
@Profile("!relay")
@Configuration(proxyBeanMethods = false)
public class PortsConfiguration {

    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(2);

    /** A database that is missing or a role that cannot log in stops the start with what to run (StoreUnreachable). */
    @Bean
    PostgresStore playlistStore(
            ConnectionFactory connectionFactory, @Value("${spring.r2dbc.url:}") String url, DatabaseLogin login) {
        new Migrations(connectionFactory)
                .apply()
                .onErrorMap(e -> StoreUnreachable.explain(e, url, login.username()))
                .block(MIGRATION_TIMEOUT);
        return new PostgresStore(connectionFactory);
    }

    /** The playlist store as a parameter: its bean brings the schema up to date first. */
    @Bean
    PostgresReplica libraryReplica(
            ConnectionFactory connectionFactory, PostgresStore playlistStore, SyncProperties sync) {
        return new PostgresReplica(
                connectionFactory, sync.instance(), new Hlc(System::currentTimeMillis, sync.maxClockSkew()));
    }

    /** The playlist store as a parameter: its bean brings the schema up to date first. */
    @Bean
    PostgresYoutubeTasks youtubeTasks(
            ConnectionFactory connectionFactory, PostgresStore playlistStore, JsonCodec codec) {
        return new PostgresYoutubeTasks(connectionFactory, codec);
    }

    @Bean(destroyMethod = "close")
    S3MediaStore mediaStore(S3Properties s3) {
        return S3MediaStore.create(s3.bucket(), s3.region(), s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Bean
    AudioProbe audioProbe() {
        return new AudioProbe();
    }
}
