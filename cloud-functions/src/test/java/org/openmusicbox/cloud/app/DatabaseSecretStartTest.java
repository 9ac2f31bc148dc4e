package org.openmusicbox.cloud.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmusicbox.cloud.CloudApplication;
import org.openmusicbox.cloud.store.TestDatabase;
import org.openmusicbox.cloud.store.postgres.DatabaseLogin;
import org.openmusicbox.cloud.store.secretsmanager.SecretsManagerStub;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole app, as on Lambda, taking the store's login from the secret {@code omb.db.secret-arn} names (a stand-in
 * for Secrets Manager on loopback) instead of {@code spring.r2dbc.username}: it starts with it, or stops with one
 * line that says what is wrong with the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseSecretStartTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:rds!cluster-start-Xy12Zz";

    private static TestDatabase db;
    private static SecretsManagerStub secrets;

    @BeforeAll
    static void start() {
        db = TestDatabase.create(2);
        secrets = SecretsManagerStub.start();
        System.setProperty("aws.accessKeyId", "AKIDSECRETTEST");
        System.setProperty("aws.secretAccessKey", "secret-for-tests");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (secrets != null) {
            secrets.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theLoginInTheSecretIsTheOneTheStoreUses() {
        // The machine's server trusts loopback, so only the role name can show which login was used: the
        // property names a role that does not exist, and a start with it would stop on "refused role".
        secrets.put(ARN, "{\"username\":\"postgres\",\"password\":\"not-checked-by-trust\"}");

        try (ConfigurableApplicationContext app = run(secrets.endpoint(), "omb_no_such_role")) {
            assertThat(app.getBean(DatabaseLogin.class))
                    .isEqualTo(new DatabaseLogin("postgres", "not-checked-by-trust"));
            assertThat(db.queryOne("SELECT count(*) FROM schema_version", Long.class))
                    .isPositive();
        }
        assertThat(secrets.calls())
                .extracting(SecretsManagerStub.Call::secretId)
                .contains(ARN);
    }

    @Test
    void aSecretMissingAFieldStopsTheStartWithOneLine(CapturedOutput output) {
        String arn = ARN + "-nopass";
        secrets.put(arn, "{\"username\":\"postgres\"}");

        assertThatThrownBy(() -> runWith(arn, secrets.endpoint())).isInstanceOf(RuntimeException.class);

        assertThat(linesAbout(output, "Cannot start"))
                .singleElement()
                .asString()
                .contains("Secret " + arn + " has no \"password\"");
        assertNoStackTrace(output);
    }

    @Test
    void anUnreachableSecretsManagerStopsTheStartWithOneLine(CapturedOutput output) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> runWith(ARN, "http://127.0.0.1:" + closed)).isInstanceOf(RuntimeException.class);

        assertThat(linesAbout(output, "Cannot start"))
                .singleElement()
                .asString()
                .contains("Secrets Manager did not answer for secret " + ARN + " at http://127.0.0.1:" + closed);
        assertNoStackTrace(output);
    }

    private static ConfigurableApplicationContext run(String endpoint, String username) {
        return new SpringApplicationBuilder(CloudApplication.class)
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.r2dbc.url=" + db.r2dbcUrl(db.name()),
                        "--spring.r2dbc.username=" + username,
                        "--omb.db.secret-arn=" + ARN,
                        "--omb.db.secret-endpoint=" + endpoint,
                        "--omb.mqtt.enabled=false",
                        "--omb.s3.endpoint=http://127.0.0.1:9",
                        "--omb.s3.region=us-east-1",
                        "--omb.s3.access-key=unused",
                        "--omb.s3.secret-key=unused");
    }

    private static void runWith(String arn, String endpoint) {
        new SpringApplicationBuilder(CloudApplication.class)
                .run(
                        "--spring.main.web-application-type=none",
                        "--spring.r2dbc.url=" + db.r2dbcUrl(db.name()),
                        "--omb.db.secret-arn=" + arn,
                        "--omb.db.secret-endpoint=" + endpoint,
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

    private static void assertNoStackTrace(CapturedOutput output) {
        assertThat(output.getAll())
                .doesNotContain("\tat ")
                .doesNotContain("Caused by:")
                .doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("Error creating bean");
    }
}
