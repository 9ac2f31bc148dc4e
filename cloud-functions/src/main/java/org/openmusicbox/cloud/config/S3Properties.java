package org.openmusicbox.cloud.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.s3.*}: the media store. An empty {@code endpoint} means AWS S3; empty keys mean the AWS SDK's
 * default credentials chain (environment, instance or Lambda role).
 */
@ConfigurationProperties("omb.s3")
public record S3Properties(String bucket, String region, String endpoint, String accessKey, String secretKey) {

    public S3Properties {
        bucket = bucket == null || bucket.isBlank() ? "omb-media" : bucket;
        region = region == null || region.isBlank() ? "eu-west-1" : region;
    }
}
