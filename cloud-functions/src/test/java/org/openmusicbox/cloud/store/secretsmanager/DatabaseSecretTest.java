package org.openmusicbox.cloud.store.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.store.postgres.DatabaseLogin;

/** The store's login read from a stand-in for Secrets Manager, and each way it can fail, in one line. */
class DatabaseSecretTest {

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:rds!cluster-test-AbCdEf";

    private SecretsManagerStub secrets;

    @BeforeAll
    static void credentials() {
        // The SDK's default credentials chain reads these first; on Lambda it finds the function role's.
        System.setProperty("aws.accessKeyId", "AKIDSECRETTEST");
        System.setProperty("aws.secretAccessKey", "secret-for-tests");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void start() {
        secrets = SecretsManagerStub.start();
    }

    @AfterEach
    void stop() {
        secrets.close();
    }

    @Test
    void readsTheLoginRdsKeepsAsJson() {
        secrets.put(ARN, "{\"username\":\"omb\",\"password\":\"s3cr3t\\\"quoted\"}");

        DatabaseLogin login = DatabaseSecret.read(ARN, secrets.endpoint());

        assertThat(login).isEqualTo(new DatabaseLogin("omb", "s3cr3t\"quoted"));
        assertThat(login.toString()).doesNotContain("s3cr3t");
        assertThat(secrets.calls()).singleElement().satisfies(call -> {
            assertThat(call.target()).isEqualTo("secretsmanager.GetSecretValue");
            assertThat(call.secretId()).isEqualTo(ARN);
            // Signed for the secret's own region, read from its ARN.
            assertThat(call.authorization()).contains("/eu-west-1/secretsmanager/aws4_request");
        });
    }

    @Test
    void aSecretWithoutAPasswordIsNamedWithTheFieldItLacks() {
        secrets.put(ARN, "{\"username\":\"omb\"}");

        assertThatThrownBy(() -> DatabaseSecret.read(ARN, secrets.endpoint()))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("Secret " + ARN + " has no \"password\"")
                .hasMessageContaining("OMB_DB_SECRET_ARN")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aSecretThatIsNotJsonOrHasAnEmptyUsernameIsRefused() {
        secrets.put(ARN, "just-a-password");
        assertThatThrownBy(() -> DatabaseSecret.read(ARN, secrets.endpoint()))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("is not a JSON object");

        secrets.put(ARN, "{\"username\":\"\",\"password\":\"x\"}");
        assertThatThrownBy(() -> DatabaseSecret.read(ARN, secrets.endpoint()))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("has no \"username\"");
    }

    @Test
    void anUnknownSecretIsTheServiceRefusal() {
        String other = ARN.replace("AbCdEf", "Nope00");

        assertThatThrownBy(() -> DatabaseSecret.read(other, secrets.endpoint()))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("refused to give secret " + other)
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("secretsmanager:GetSecretValue")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anEndpointThatDoesNotAnswerSaysWhereAndWhatItNeeds() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closed;

        assertThatThrownBy(() -> DatabaseSecret.read(ARN, nowhere))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("did not answer for secret " + ARN + " at " + nowhere)
                .hasMessageContaining("interface endpoint")
                .hasMessageNotContaining("\n");
    }
}
