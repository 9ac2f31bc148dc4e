package org.openmusicbox.cloud.config;

import java.util.List;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.mqtt.MqttBinding;
import org.openmusicbox.cloud.mqtt.MqttConnection;
import org.openmusicbox.cloud.mqtt.MqttDeviceLink;
import org.openmusicbox.cloud.mqtt.MqttRoute;
import org.openmusicbox.protocol.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The broker side: one connection, the device link over it, and the binding that feeds the handlers. */
@Configuration(proxyBeanMethods = false)
public class MqttConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MqttConfiguration.class);

    @Bean
    JsonCodec jsonCodec() {
        return new JsonCodec();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "omb.mqtt.enabled", havingValue = "true", matchIfMissing = true)
    static class Enabled {

        @Bean
        MqttConnection mqttConnection(MqttProperties properties) {
            return new MqttConnection(properties);
        }

        @Bean
        DeviceLink deviceLink(MqttConnection connection, JsonCodec codec) {
            return new MqttDeviceLink(connection, codec);
        }

        @Bean
        MqttBinding mqttBinding(MqttConnection connection, MqttProperties properties, JsonCodec codec,
                List<MqttRoute<?>> routes) {
            return new MqttBinding(connection, properties, codec, routes);
        }
    }

    /**
     * Without a broker (AWS Lambda) the caller of a function gets its answer directly; a message a handler
     * sends a device on the side (YouTube progress, for one) has nowhere to go and is logged and dropped.
     */
    @Bean
    @ConditionalOnProperty(name = "omb.mqtt.enabled", havingValue = "false")
    DeviceLink noDeviceLink() {
        return (deviceId, topicKind, message) -> Mono.fromRunnable(() -> log.info(
                "MQTT is off (omb.mqtt.enabled=false): not sending {} to {}",
                topicKind, deviceId));
    }
}
