package org.openmusicbox.cloud.relay;

import com.corundumstudio.socketio.SocketIOClient;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.relay.away.AwayConfiguration;
import org.openmusicbox.cloud.relay.http.ApiForwarding;
import org.openmusicbox.cloud.relay.http.RelayRoutes;
import org.openmusicbox.cloud.relay.mqtt.RelayLink;
import org.openmusicbox.cloud.relay.socketio.RelaySockets;
import org.openmusicbox.protocol.json.JsonCodec;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Profile {@code relay}: the same jar as the cloud functions, run as the relay (docs/relay.md). None of the
 * functions run here (their configurations are {@code !relay}): no shared subscription. The database and S3 are
 * used only for what the relay answers itself ({@link AwayConfiguration}). The
 * relay draws its id, connects to the broker as the cloud user with a client id of its own, and serves the page, the
 * API and Socket.IO on {@code server.port}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("relay")
@EnableConfigurationProperties(RelayProperties.class)
public class RelayConfiguration {

    @Bean
    RelayId relayId() {
        return RelayId.random();
    }

    @Bean
    PhoneLists phoneLists() {
        return new PhoneLists();
    }

    @Bean
    BoxPresence boxPresence() {
        return new BoxPresence();
    }

    @Bean
    PendingReplies pendingReplies() {
        return new PendingReplies();
    }

    @Bean
    MqttConnection relayConnection(MqttProperties mqtt, RelayId relayId) {
        return new MqttConnection(RelayLink.settings(mqtt, relayId));
    }

    /** Late-bound: the link needs the sockets (for what the broker says) and the sockets need the link. */
    @Bean
    RelayLink relayLink(
            MqttConnection relayConnection,
            RelayId relayId,
            JsonCodec codec,
            PendingReplies replies,
            BoxPresence presence,
            PhoneLists phones,
            LateEvents events) {
        return new RelayLink(relayConnection, relayId, codec, replies, presence, phones, events);
    }

    @Bean
    LateEvents lateEvents() {
        return new LateEvents();
    }

    @Bean
    BoxCommands boxCommands(RelayLink link, BoxPresence presence, PendingReplies replies, RelayProperties properties) {
        return new BoxCommands(link, presence, replies, properties.replyTimeout());
    }

    @Bean(destroyMethod = "close")
    Viewers<SocketIOClient> viewers(RelayLink link, RelayId relayId) {
        return new Viewers<>(link, relayId);
    }

    @Bean(destroyMethod = "close")
    RelaySockets relaySockets(
            PhoneLists phones,
            BoxCommands commands,
            Viewers<SocketIOClient> viewers,
            JsonCodec codec,
            LateEvents events) {
        RelaySockets sockets = new RelaySockets(phones, commands, viewers, codec);
        sockets.start();
        events.set(sockets);
        return sockets;
    }

    @Bean
    NettyServerCustomizer relaySocketPort(RelaySockets sockets) {
        return sockets.customizer();
    }

    @Bean
    RouterFunction<ServerResponse> relayRoutes(
            BoxCommands commands,
            PhoneLists phones,
            JsonCodec codec,
            RelayProperties properties,
            RelayId relayId,
            RelayLink link,
            Viewers<SocketIOClient> viewers,
            AwayConfiguration.Routes away) {
        ApiForwarding api = new ApiForwarding(commands, phones, codec, properties.pairingPerMinute());
        return new RelayRoutes(
                        api,
                        codec,
                        new RelayRoutes.Health() {
                            @Override
                            public String relayId() {
                                return relayId.value();
                            }

                            @Override
                            public boolean brokerConnected() {
                                return link.connected();
                            }

                            @Override
                            public int viewers() {
                                return viewers.total();
                            }
                        },
                        away.routes(),
                        away.mediaOrigin())
                .routes();
    }
}
