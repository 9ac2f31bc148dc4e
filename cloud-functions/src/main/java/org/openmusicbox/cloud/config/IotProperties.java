package org.openmusicbox.cloud.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.iot.*}: AWS IoT Core's data plane, through which a function on Lambda (where {@code omb.mqtt.enabled}
 * is false) answers a device.
 *
 * @param endpoint the account's data endpoint ({@code aws iot describe-endpoint --endpoint-type iot:Data-ATS}, a host
 *                 name; {@code https://} is added when no scheme is given). Empty: no data plane, and with MQTT off
 *                 what a handler sends a device is dropped
 * @param region   the region to sign for; empty: the AWS SDK's region chain ({@code AWS_REGION} on Lambda)
 */
@ConfigurationProperties("omb.iot")
public record IotProperties(String endpoint, String region) {

    public IotProperties {
        endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
        region = region == null || region.isBlank() ? null : region.strip();
    }
}
