package org.openmusicbox.cloud.relay.away;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openmusicbox.cloud.config.MediaProperties;
import org.openmusicbox.cloud.config.S3Properties;
import org.openmusicbox.cloud.config.SyncProperties;
import org.openmusicbox.cloud.media.AudioProbe;
import org.openmusicbox.cloud.media.CompleteUpload;
import org.openmusicbox.cloud.media.PresignUpload;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.media.ResumeUpload;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.mqtt.MqttDeviceLink;
import org.openmusicbox.cloud.relay.BoxPresence;
import org.openmusicbox.cloud.relay.PhoneLists;
import org.openmusicbox.cloud.relay.RelayId;
import org.openmusicbox.cloud.relay.http.ApiForwarding;
import org.openmusicbox.cloud.relay.http.BoxPath;
import org.openmusicbox.cloud.store.postgres.PostgresReplica;
import org.openmusicbox.cloud.sync.CloudTracks;
import org.openmusicbox.cloud.sync.EditLibrary;
import org.openmusicbox.cloud.sync.SyncNow;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.sync.Hlc;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Profile {@code relay}: what a relay answers itself, from the cloud's copy of a box's library and from S3, instead of
 * asking the box: uploads from away (always) and the library while the box is offline. These read and write the
 * same PostgreSQL database and S3 bucket as the cloud functions; the schema is theirs to create. Each relay writes
 * the replica under its own id, so two writers never share a clock.
 */
@Configuration(proxyBeanMethods = false)
@Profile("relay")
@EnableConfigurationProperties({S3Properties.class, MediaProperties.class, SyncProperties.class})
public class AwayConfiguration {

    /**
     * Not a {@code RouterFunction} bean: those would be routed before the relay's own path checks.
     *
     * @param mediaOrigin where the page PUTs files from away (the presigned URLs' origin), for its connect-src
     */
    public record Routes(RouterFunction<ServerResponse> routes, String mediaOrigin) {}

    /** The origin of the bucket's presigned URLs: the configured endpoint's, else AWS S3's for the bucket. */
    static String mediaOrigin(S3Properties s3) {
        String endpoint = s3.endpoint();
        if (endpoint == null || endpoint.isBlank()) {
            return "https://" + s3.bucket() + ".s3." + s3.region() + ".amazonaws.com";
        }
        java.net.URI uri = java.net.URI.create(endpoint.strip());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Bean
    PostgresReplica awayReplica(ConnectionFactory connectionFactory, RelayId relayId, SyncProperties sync) {
        return new PostgresReplica(
                connectionFactory, relayId.value(), new Hlc(System::currentTimeMillis, sync.maxClockSkew()));
    }

    @Bean(destroyMethod = "close")
    S3MediaStore awayMedia(S3Properties s3) {
        return S3MediaStore.create(s3.bucket(), s3.region(), s3.endpoint(), s3.accessKey(), s3.secretKey());
    }

    @Bean
    Routes awayRoutes(
            PostgresReplica awayReplica,
            S3MediaStore awayMedia,
            MqttConnection relayConnection,
            JsonCodec codec,
            PhoneLists phoneLists,
            BoxPresence presence,
            MediaProperties media,
            SyncProperties sync,
            S3Properties s3) {
        // A box that is offline pulls on its next connect; one that is online is told to pull now.
        SyncNow syncNow = new SyncNow(new MqttDeviceLink(relayConnection, codec), sync.syncNowWindow());
        CloudTracks tracks = new CloudTracks(awayReplica, syncNow);
        Duration lifetime = Duration.ofMinutes(media.presignMinutes());
        PresignUpload presign = new PresignUpload(awayMedia, media.maxUploadBytes(), lifetime);
        ProcessUpload process = new ProcessUpload(
                awayMedia,
                new AudioProbe(),
                tracks::register,
                new MqttDeviceLink(relayConnection, codec),
                media.maxUploadBytes());
        OfflineLibrary library = new OfflineLibrary(awayReplica, codec);
        AwayUploads uploads = new AwayUploads(
                presign,
                new ResumeUpload(awayMedia, presign, lifetime),
                new CompleteUpload(awayMedia),
                process,
                library,
                codec);
        Phones phones = (deviceId, authorization) -> Optional.ofNullable(
                        ApiForwarding.bearer(authorization == null ? List.of() : List.of(authorization)))
                .flatMap(credential -> phoneLists.phoneFor(deviceId, credential));
        RouterFunction<ServerResponse> offline = AwayRoutes.offline(
                library, new OfflineEdits(library, new EditLibrary(awayReplica, syncNow, codec), codec), phones, codec);
        return new Routes(
                AwayRoutes.uploads(uploads, phones, codec)
                        .and(RouterFunctions.nest(
                                request -> !presence.online(
                                        BoxPath.parse(request.uri().getRawPath())
                                                .deviceId()),
                                offline)),
                mediaOrigin(s3));
    }
}
