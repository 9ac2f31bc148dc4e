package org.openmusicbox.cloud.app;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.store.TestDatabase;
import org.reactivestreams.Publisher;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The real Spring Boot app in the test JVM: on a random HTTP port, on a test database (the app gets a view of
 * its connection pool that it cannot close, so two apps can share one), with the test's MQTT settings.
 */
public final class CloudApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private CloudApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the app; {@code properties} are added to (and override) the test defaults. */
    public static CloudApp start(TestDatabase db, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        // Media is not what these tests look at: an S3 endpoint that is never called.
        all.put("omb.s3.endpoint", "http://127.0.0.1:9");
        all.put("omb.s3.region", "us-east-1");
        all.put("omb.s3.access-key", "unused");
        all.put("omb.s3.secret-key", "unused");
        all.putAll(properties);
        ConnectionFactory pool = db.connectionFactory();
        ConnectionFactory view = new ConnectionFactory() {
            @Override
            public Publisher<? extends io.r2dbc.spi.Connection> create() {
                return pool.create();
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return pool.getMetadata();
            }
        };
        // As command-line arguments: SpringApplicationBuilder.properties(...) are only defaults, below
        // application.yml, and would be ignored for every key the yml sets.
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CloudApplication.class)
                .initializers(ctx -> ((GenericApplicationContext) ctx)
                        .registerBean("connectionFactory", ConnectionFactory.class, () -> view))
                .run(args);
        return new CloudApp(context);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
