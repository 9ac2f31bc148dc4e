package org.openmusicbox.cloud.config;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.openmusicbox.cloud.store.postgres.DatabaseLogin;
import org.openmusicbox.cloud.store.postgres.RenewablePool;
import org.openmusicbox.cloud.store.secretsmanager.DatabaseSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database the functions and the relay share: its login ({@code spring.r2dbc.username} and {@code password}, or
 * the secret {@code omb.db.secret-arn} names), and the connection pool in place of Spring Boot's, from the same
 * {@code spring.r2dbc.url} and {@code spring.r2dbc.pool.*}, but one that is let go before a SnapStart snapshot and
 * opened anew after a restore ({@link RenewablePool}).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** A secret that cannot be read stops the start with one line (config.StoreFailureReport). */
    @Bean
    DatabaseLogin databaseLogin(R2dbcProperties r2dbc, DatabaseProperties db) {
        if (db.secretArn() == null) {
            return new DatabaseLogin(r2dbc.getUsername(), r2dbc.getPassword());
        }
        DatabaseLogin login = DatabaseSecret.read(db.secretArn(), db.secretEndpoint());
        log.info("The store logs in as {} with the password of secret {}", login.username(), db.secretArn());
        return login;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ConnectionFactory.class)
    RenewablePool connectionFactory(R2dbcProperties r2dbc, DatabaseLogin login) {
        ConnectionFactoryOptions url = ConnectionFactoryOptions.parse(r2dbc.getUrl());
        if ("pool".equals(url.getValue(ConnectionFactoryOptions.DRIVER))) {
            throw new IllegalArgumentException("spring.r2dbc.url must name the database driver"
                    + " (r2dbc:postgresql://...), not r2dbc:pool:...: the pool is set with spring.r2dbc.pool.*");
        }
        ConnectionFactoryOptions.Builder options = url.mutate().option(ConnectionFactoryOptions.USER, login.username());
        if (!login.password().isEmpty()) {
            options.option(ConnectionFactoryOptions.PASSWORD, login.password());
        }
        r2dbc.getProperties().forEach((name, value) -> options.option(Option.valueOf(name), value));
        ConnectionFactory connections = ConnectionFactories.get(options.build());
        R2dbcProperties.Pool settings = r2dbc.getPool();
        return new RenewablePool(connections.getMetadata(), () -> new ConnectionPool(pool(connections, settings)));
    }

    /** Spring Boot's own mapping of {@code spring.r2dbc.pool.*}; an unset duration leaves r2dbc-pool's default. */
    private static ConnectionPoolConfiguration pool(ConnectionFactory connections, R2dbcProperties.Pool settings) {
        ConnectionPoolConfiguration.Builder pool = ConnectionPoolConfiguration.builder(connections);
        PropertyMapper map = PropertyMapper.get();
        map.from(settings.getMaxIdleTime()).to(pool::maxIdleTime);
        map.from(settings.getMaxLifeTime()).to(pool::maxLifeTime);
        map.from(settings.getMaxAcquireTime()).to(pool::maxAcquireTime);
        map.from(settings.getAcquireRetry()).to(pool::acquireRetry);
        map.from(settings.getMaxCreateConnectionTime()).to(pool::maxCreateConnectionTime);
        map.from(settings.getInitialSize()).to(pool::initialSize);
        map.from(settings.getMaxSize()).to(pool::maxSize);
        map.from(settings.getValidationQuery()).whenHasText().to(pool::validationQuery);
        map.from(settings.getValidationDepth()).to(pool::validationDepth);
        map.from(settings.getMinIdle()).to(pool::minIdle);
        map.from(settings.getMaxValidationTime()).to(pool::maxValidationTime);
        return pool.build();
    }
}
