package org.openmusicbox.cloud.store.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import org.openmusicbox.cloud.store.postgres.DatabaseLogin;
import org.openmusicbox.protocol.json.JsonCodec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The database login kept in AWS Secrets Manager: the JSON {@code {"username": ..., "password": ...}} RDS writes when
 * it manages a cluster's master password ({@code manage_master_user_password}, terraform/database.tf). Read once at
 * start with the AWS SDK's default credentials (the function's role on Lambda); the region is the secret ARN's.
 */
public final class DatabaseSecret {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private DatabaseSecret() {}

    /**
     * The login in secret {@code secretId} (its ARN, or a name in the SDK's region); {@code endpoint} is null for AWS's
     * own, else a URL (a stand-in, or a VPC endpoint without private DNS). Any failure is a {@link SecretUnreadable}.
     */
    public static DatabaseLogin read(String secretId, String endpoint) {
        String value;
        try (SecretsManagerClient client = client(secretId, endpoint)) {
            value = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null
                    ? "HTTP " + e.statusCode()
                    : e.awsErrorDetails().errorCode();
            throw new SecretUnreadable(
                    "Secrets Manager refused to give secret " + secretId + ": " + code + " (" + firstLine(e) + ");"
                            + " check omb.db.secret-arn (OMB_DB_SECRET_ARN) and that this role may"
                            + " secretsmanager:GetSecretValue on it",
                    e);
        } catch (SdkClientException e) {
            throw new SecretUnreadable(
                    "Secrets Manager did not answer for secret " + secretId + " at "
                            + (endpoint == null ? "its regional endpoint" : endpoint) + " (" + firstLine(e) + ");"
                            + " in a VPC without NAT it needs an interface endpoint for secretsmanager with private DNS",
                    e);
        }
        return loginIn(secretId, value);
    }

    static DatabaseLogin loginIn(String secretId, String value) {
        if (value == null || value.isBlank()) {
            throw new SecretUnreadable(
                    "Secret " + secretId + " holds no text (a binary secret?); expected the JSON"
                            + " {\"username\": ..., \"password\": ...} RDS keeps a master login in",
                    null);
        }
        JsonNode login;
        try {
            login = new JsonCodec().readTree(value);
        } catch (RuntimeException e) {
            login = null;
        }
        if (login == null || !login.isObject()) {
            throw new SecretUnreadable(
                    "Secret " + secretId + " is not a JSON object; expected"
                            + " {\"username\": ..., \"password\": ...} as RDS keeps a master login",
                    null);
        }
        return new DatabaseLogin(text(secretId, login, "username"), text(secretId, login, "password"));
    }

    private static String text(String secretId, JsonNode login, String field) {
        JsonNode value = login.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SecretUnreadable(
                    "Secret " + secretId + " has no \"" + field + "\"; expected"
                            + " {\"username\": ..., \"password\": ...} as RDS keeps a master login: point omb.db.secret-arn"
                            + " (OMB_DB_SECRET_ARN) at the cluster's master user secret",
                    null);
        }
        return value.asText();
    }

    private static SecretsManagerClient client(String secretId, String endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT));
        // arn:<partition>:secretsmanager:<region>:<account>:secret:<name>
        String[] arn = secretId.split(":", 7);
        if (arn.length == 7 && arn[0].equals("arn") && !arn[3].isEmpty()) {
            builder.region(Region.of(arn[3]));
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
