package org.openmusicbox.cloud.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code omb.media.*}: the largest upload accepted and the lifetime of presigned URLs. */
@ConfigurationProperties("omb.media")
public record MediaProperties(long maxUploadBytes, int presignMinutes) {

    public MediaProperties {
        maxUploadBytes = maxUploadBytes <= 0 ? 209_715_200L : maxUploadBytes;
        presignMinutes = presignMinutes <= 0 ? 15 : presignMinutes;
    }
}
