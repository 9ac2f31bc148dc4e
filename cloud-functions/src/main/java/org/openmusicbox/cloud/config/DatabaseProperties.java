package org.openmusicbox.cloud.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.db.*}: where the store's login comes from when it is not {@code spring.r2dbc.username} and
 * {@code spring.r2dbc.password}.
 *
 * @param secretArn      the AWS Secrets Manager secret with {@code {"username", "password"}} (the one RDS keeps a
 *                       cluster's master login in); read once at start and used instead of the two properties.
 *                       Empty: the properties
 * @param secretEndpoint Secrets Manager's URL; empty: AWS's own for the secret's region
 */
@ConfigurationProperties("omb.db")
public record DatabaseProperties(String secretArn, String secretEndpoint) {

    public DatabaseProperties {
        secretArn = secretArn == null || secretArn.isBlank() ? null : secretArn.strip();
        secretEndpoint = secretEndpoint == null || secretEndpoint.isBlank() ? null : secretEndpoint.strip();
    }
}
