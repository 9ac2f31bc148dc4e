package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.store.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The app started where its database does not exist, or its role cannot log in, stops with one line saying what
 * to run, and no stack trace (the first thing a fresh machine meets). The whole app, as {@code java -jar} starts
 * it, with its own connection pool built from {@code spring.r2dbc.*}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreUnreachableTest {

    private static TestDatabase server;

    @BeforeAll
    static void server() {
        server = TestDatabase.create(1);
    }

    @AfterAll
    static void drop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMissingDatabaseStopsTheStartWithTheCommandThatCreatesIt(CapturedOutput output) {
        String missing = unique("omb_missing_");

        assertThatThrownBy(() -> start(server.r2dbcUrl(missing), "postgres")).isInstanceOf(RuntimeException.class);

        List<String> said = linesAbout(output, "Cannot start");
        assertThat(said)
                .singleElement()
                .asString()
                .contains("has no database \"" + missing + "\"")
                .contains("sudo -u postgres createdb -O postgres " + missing)
                .contains("infra/cloud/stack.sh");
        assertNoStackTrace(output);
    }

    @Test
    void aRoleThatCannotLogInStopsTheStartWithTheCommandThatCreatesIt(CapturedOutput output) {
        String role = unique("omb_nobody_");

        assertThatThrownBy(() -> start(server.r2dbcUrl(server.name()), role)).isInstanceOf(RuntimeException.class);

        List<String> said = linesAbout(output, "Cannot start");
        assertThat(said)
                .singleElement()
                .asString()
                .contains("refused role \"" + role + "\"")
                .contains("sudo -u postgres createuser --pwprompt " + role)
                .contains("SPRING_R2DBC_USERNAME");
        assertNoStackTrace(output);
    }

    /** The real main's wiring: Spring Boot's own pool from the properties, no MQTT, an S3 that is never called. */
    private static void start(String url, String username) {
        new SpringApplicationBuilder(CloudApplication.class)
                .run(
                        "--spring.r2dbc.url=" + url,
                        "--spring.r2dbc.username=" + username,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--omb.mqtt.enabled=false",
                        "--omb.s3.endpoint=http://127.0.0.1:9",
                        "--omb.s3.region=us-east-1",
                        "--omb.s3.access-key=unused",
                        "--omb.s3.secret-key=unused")
                .close();
    }

    private static List<String> linesAbout(CapturedOutput output, String text) {
        return output.getAll().lines().filter(line -> line.contains(text)).toList();
    }

    /** No frame, no "Caused by", no Spring Boot failure banner: the one line is all there is to read. */
    private static void assertNoStackTrace(CapturedOutput output) {
        assertThat(output.getAll())
                .doesNotContain("\tat ")
                .doesNotContain("Caused by:")
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("Error creating bean");
    }

    private static String unique(String prefix) {
        return prefix
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }
}
