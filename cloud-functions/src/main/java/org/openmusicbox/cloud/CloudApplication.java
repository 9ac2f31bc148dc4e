package org.openmusicbox.cloud;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The cloud app: every handler is a {@code java.util.function.Function} bean (wired in {@code config}),
 * exposed over HTTP by spring-cloud-function-webflux ({@code POST /<name>}), fed the devices' MQTT messages by
 * {@link org.openmusicbox.cloud.mqtt.MqttBinding} unless {@code omb.mqtt.enabled=false}, and runnable one
 * function at a time on AWS Lambda ({@code spring.cloud.function.definition}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan("org.openmusicbox.cloud.config")
public class CloudApplication {

    public static void main(String[] args) {
        SpringApplication.run(CloudApplication.class, args);
    }
}
