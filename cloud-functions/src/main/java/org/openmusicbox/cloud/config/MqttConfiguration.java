package org.openmusicbox.cloud.config;

import java.util.List;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.device.iot.DataPlane;
import org.openmusicbox.cloud.device.iot.IotDeviceLink;
import org.openmusicbox.cloud.media.MediaUrls;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.mqtt.MqttBinding;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.mqtt.MqttDeviceLink;
import org.openmusicbox.cloud.mqtt.MqttRoute;
import org.openmusicbox.cloud.store.ApplyLibraryChanges;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.sync.ApplySyncChanges;
import org.openmusicbox.cloud.sync.ReadSyncLog;
import org.openmusicbox.cloud.youtube.RequestYoutube;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.CommandReply;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncChanges;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.YoutubeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import reactor.core.publisher.Mono;

/**
 * The broker side: one connection, the device link over it, the route of every device-to-cloud topic, and the
 * binding that feeds the handlers. Off with {@code omb.mqtt.enabled=false}, where the device link is IoT Core's
 * data plane (AWS Lambda) or none.
 */
@Configuration(proxyBeanMethods = false)
public class MqttConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttConfiguration.class);

    @Bean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "omb.mqtt.enabled", havingValue = "true", matchIfMissing = true)
    // Not in the relay (profile relay): it must not take a share of the devices' sync traffic.
    @Profile("!relay")
    static class Enabled {

        @Bean
        MqttConnection mqttConnection(MqttProperties properties) {
            return new MqttConnection(properties);
        }

        @Bean
        DeviceLink deviceLink(MqttConnection connection, JsonCodec codec) {
            return new MqttDeviceLink(connection, codec);
        }

        /** {@code library/changes}: the acks go back on {@code library/acks}. */
        @Bean
        MqttRoute<LibraryChanges> libraryChangesRoute(ApplyLibraryChanges handler) {
            return MqttRoute.of(
                    TopicKind.LIBRARY_CHANGES,
                    LibraryChanges.class,
                    LibraryChanges::deviceId,
                    handler,
                    TopicKind.LIBRARY_ACKS);
        }

        /**
         * {@code sync/changes}: read change by change ({@link SyncChanges#readEach}), so one unusable change is
         * answered {@code rejected} by its id; {@link ApplySyncChanges} publishes the {@code sync/acks} itself,
         * split under the byte budget, before the message is acknowledged.
         */
        @Bean
        MqttRoute<SyncChanges.Each> syncChangesRoute(LibraryReplica replica, DeviceLink devices, JsonCodec codec) {
            ApplySyncChanges handler = new ApplySyncChanges(replica, devices, new SyncBatches(codec));
            return MqttRoute.reading(
                    TopicKind.SYNC_CHANGES,
                    SyncChanges.Each.class,
                    payload -> SyncChanges.readEach(codec, payload),
                    SyncChanges.Each::deviceId,
                    handler::answer,
                    null);
        }

        /** {@code sync/pull}: one page of the log on {@code sync/log}. */
        @Bean
        MqttRoute<SyncPull> syncPullRoute(ReadSyncLog handler) {
            return MqttRoute.of(TopicKind.SYNC_PULL, SyncPull.class, SyncPull::deviceId, handler, TopicKind.SYNC_LOG);
        }

        /** {@code uploads/ready}: {@link ProcessUpload} publishes its {@code uploads/results} itself. */
        @Bean
        MqttRoute<UploadReady> uploadsReadyRoute(ProcessUpload handler) {
            return MqttRoute.of(TopicKind.UPLOADS_READY, UploadReady.class, UploadReady::deviceId, handler, null);
        }

        /** {@code media/requests}: one answer per request on {@code media/urls}. */
        @Bean
        MqttRoute<MediaRequest> mediaRequestsRoute(MediaUrls handler) {
            return MqttRoute.of(
                    TopicKind.MEDIA_REQUESTS,
                    MediaRequest.class,
                    MediaRequest::deviceId,
                    handler,
                    TopicKind.MEDIA_URLS);
        }

        /** {@code youtube/requests}: {@link RequestYoutube} publishes progress, completion and errors itself. */
        @Bean
        MqttRoute<YoutubeRequest> youtubeRequestsRoute(RequestYoutube handler) {
            return MqttRoute.of(
                    TopicKind.YOUTUBE_REQUESTS, YoutubeRequest.class, YoutubeRequest::deviceId, handler, null);
        }

        /** {@code commands/replies}: nothing in the cloud waits for them yet (the relay will); logged. */
        @Bean
        MqttRoute<CommandReply> commandRepliesRoute() {
            return MqttRoute.withoutDeviceId(
                    TopicKind.COMMAND_REPLIES,
                    CommandReply.class,
                    reply -> Mono.fromRunnable(() -> log.info(
                            "Command {} answered: success={} error_type={} {}",
                            reply.commandId(),
                            reply.success(),
                            reply.errorType(),
                            reply.message() == null ? "" : reply.message())),
                    null);
        }

        /** {@code presence}: kept in the store (an older or repeated one changes nothing), and logged. */
        @Bean
        MqttRoute<Presence> presenceRoute(PlaylistStore store) {
            return MqttRoute.of(
                    TopicKind.PRESENCE,
                    Presence.class,
                    Presence::deviceId,
                    presence -> store.recordPresence(presence)
                            .doOnNext(recorded -> log.info(
                                    "Device {} is {} (at {}, agent {}){}",
                                    presence.deviceId(),
                                    presence.status().wire(),
                                    presence.at(),
                                    presence.agentVersion(),
                                    recorded ? "" : "; older than what is known, not recorded"))
                            .then(),
                    null);
        }

        @Bean
        MqttBinding mqttBinding(
                MqttConnection connection, MqttProperties properties, JsonCodec codec, List<MqttRoute<?>> routes) {
            return new MqttBinding(connection, properties, codec, routes);
        }
    }

    /**
     * Without a broker client (AWS Lambda) messages to a device go through IoT Core's data plane when
     * {@code omb.iot.endpoint} names it. Without one either, the caller of a function gets its answer directly and
     * what a handler sends a device on the side (an upload's result, YouTube progress) is logged and dropped.
     */
    @Bean
    @ConditionalOnProperty(name = "omb.mqtt.enabled", havingValue = "false")
    DeviceLink offBrokerDeviceLink(IotProperties iot, JsonCodec codec) {
        if (iot.endpoint() != null) {
            log.info("MQTT is off: messages to devices go through IoT Core's data plane at {}", iot.endpoint());
            return new IotDeviceLink(DataPlane.at(iot.endpoint(), iot.region()), codec);
        }
        return (deviceId, topicKind, message) -> Mono.fromRunnable(() -> log.info(
                "MQTT is off (omb.mqtt.enabled=false) and omb.iot.endpoint is empty: not sending {} to {}",
                topicKind,
                deviceId));
    }
}
