package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.cloud.relay.RelayId;
import org.openmusicbox.cloud.relay.mqtt.RelayLink;
import org.openmusicbox.protocol.v1.mqtt.BrokerTls;
import org.openmusicbox.protocol.v1.mqtt.PemKey;
import org.openmusicbox.protocol.v1.mqtt.Topics;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The cloud's connection with a client certificate (omb.mqtt.ca-file, client-cert, client-key), against a real
 * Mosquitto that lets in only certificates from the test's CA: given as files and as PEM text (an ECS task's secret
 * environment variable), refused without one or with another CA's, and bad values stopping the start by name.
 */
class ClientCertificateTest {

    private static final String CLOUD = "omb-cloud";
    private static final String BOX = "box-cert-cloud";

    @TempDir
    static Path dir;

    private static Path ca;
    private static Path stranger;
    private static CertificateBroker broker;

    private MqttConnection connection;

    @BeforeAll
    static void brokerAndCertificates() throws Exception {
        AclBroker.requireMosquitto();
        ca = dir.resolve("ca");
        stranger = dir.resolve("stranger");
        CertificateBroker.makeCa(ca);
        CertificateBroker.makeCa(stranger);
        // The cloud's key in SEC1 (openssl ecparam), a box's in PKCS#8, one of another CA, and an RSA key in PKCS#1.
        CertificateBroker.client(
                ca,
                dir.resolve("cloud"),
                CLOUD,
                "openssl",
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                CLOUD + ".key");
        CertificateBroker.client(
                ca,
                dir.resolve("box"),
                BOX,
                "openssl",
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                BOX + ".key");
        CertificateBroker.client(
                stranger,
                dir.resolve("foreign"),
                CLOUD,
                "openssl",
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                CLOUD + ".key");
        CertificateBroker.client(
                ca, dir.resolve("rsa"), CLOUD, "openssl", "genrsa", "-traditional", "-out", CLOUD + ".key", "2048");
        broker = CertificateBroker.start(dir.resolve("broker"), ca);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void disconnect() {
        if (connection != null) {
            connection.disconnect(false);
        }
    }

    @Test
    void givenAsFilesTheCertificateLogsTheCloudInAndItReadsWhatABoxPublishes() throws Exception {
        BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        connection = new MqttConnection(properties(file(ca.resolve("ca.crt")), file(cloud("crt")), file(cloud("key"))));
        connection.connect(inbound(arrived), 10_000);
        assertThat(connection.isConnected()).isTrue();
        connection.subscribe(List.of(Topics.syncPull(BOX)), 1);

        MqttAsyncClient box = new MqttAsyncClient(broker.url(), BOX, new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(BrokerTls.sockets(
                    BrokerTls.certificates(Files.readString(ca.resolve("ca.crt"))),
                    PemKey.read(Files.readString(dir.resolve("box/" + BOX + ".key"))),
                    BrokerTls.certificates(Files.readString(dir.resolve("box/" + BOX + ".crt")))));
            box.connect(options).waitForCompletion(10_000);
            box.publish(Topics.syncPull(BOX), "{}".getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
            assertThat(arrived.poll(20, TimeUnit.SECONDS)).isEqualTo(Topics.syncPull(BOX) + " {}");
        } finally {
            box.disconnect().waitForCompletion(10_000);
            box.close();
        }
        // The cloud may write a box's commands under its certificate's name, as the ACL grants omb-cloud.
        connection
                .publish(Topics.commands(BOX), "{}".getBytes(StandardCharsets.UTF_8))
                .block(Duration.ofSeconds(10));
        assertThat(broker.log()).contains("u'" + CLOUD + "'");
    }

    /** As an ECS task passes them: OMB_MQTT_CLIENT_KEY from a secret, bound by Spring from the environment. */
    @Test
    void givenAsPemTextInTheEnvironmentTheCertificateLogsTheRelayIn() throws Exception {
        Map<String, Object> env = Map.of(
                "OMB_MQTT_URL", broker.url(),
                "OMB_MQTT_CA_FILE", Files.readString(ca.resolve("ca.crt")),
                "OMB_MQTT_CLIENT_CERT", Files.readString(dir.resolve("rsa/" + CLOUD + ".crt")),
                "OMB_MQTT_CLIENT_KEY", Files.readString(dir.resolve("rsa/" + CLOUD + ".key")));
        StandardEnvironment environment = new StandardEnvironment();
        // In place of the process's environment, under its name, so Spring maps OMB_MQTT_CLIENT_KEY as it would.
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        MqttProperties bound =
                Binder.get(environment).bind("omb.mqtt", MqttProperties.class).get();
        assertThat(bound.clientKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(bound.toString()).doesNotContain("PRIVATE KEY").contains("clientKey=(PEM text)");

        MqttProperties relay = RelayLink.settings(bound, RelayId.random());
        connection = new MqttConnection(relay);
        connection.connect(inbound(new LinkedBlockingQueue<>()), 10_000);
        assertThat(connection.isConnected()).isTrue();
    }

    @Test
    void withoutACertificateOrWithAnotherCasTheBrokerRefusesTheCloud() throws Exception {
        for (MqttProperties refused : List.of(
                properties(file(ca.resolve("ca.crt")), null, null),
                properties(
                        file(ca.resolve("ca.crt")),
                        file(dir.resolve("foreign/" + CLOUD + ".crt")),
                        file(dir.resolve("foreign/" + CLOUD + ".key"))))) {
            MqttConnection attempt = new MqttConnection(refused);
            try {
                assertThatThrownBy(() -> attempt.connect(inbound(new LinkedBlockingQueue<>()), 10_000))
                        .hasMessageContaining("Cannot connect to the MQTT broker at " + broker.url());
                assertThat(attempt.isConnected()).isFalse();
            } finally {
                attempt.disconnect(false);
            }
        }
    }

    @Test
    void aValueThatCannotBeUsedStopsTheStartNamingItsSettingButNeverShowingAKey() throws Exception {
        String cert = file(cloud("crt"));
        String key = file(cloud("key"));
        String keyText = Files.readString(cloud("key"));
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not PEM at all\n");

        assertRefused(
                properties(null, cert, file(dir.resolve("box/" + BOX + ".key"))),
                "omb.mqtt.client-key",
                "does not belong to the certificate CN=omb-cloud");
        assertRefused(
                properties(null, cert, Files.readString(dir.resolve("box/" + BOX + ".key"))),
                "omb.mqtt.client-key (PEM text)",
                "does not belong");
        assertRefused(properties(null, cert, file(garbage)), "omb.mqtt.client-key", "holds no PEM private key");
        assertRefused(
                properties(null, cert, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"),
                "omb.mqtt.client-key (PEM text)",
                "private key");
        assertRefused(properties(null, file(garbage), key), "omb.mqtt.client-cert", "PEM certificate");
        assertRefused(properties(null, keyText, key), "omb.mqtt.client-cert (PEM text)", "PEM certificate");
        assertRefused(properties(file(garbage), null, null), "omb.mqtt.ca-file", "PEM certificate");
        assertRefused(
                properties(null, cert, dir.resolve("nothing.key").toString()),
                "omb.mqtt.client-key is neither PEM text",
                "nothing.key");

        assertThatThrownBy(() -> properties(null, cert, null))
                .hasMessageContaining("omb.mqtt.client-cert and omb.mqtt.client-key go together")
                .hasMessageContaining("only omb.mqtt.client-cert");
        assertThatThrownBy(() -> properties(null, null, keyText))
                .hasMessageContaining("only omb.mqtt.client-key")
                .hasMessageNotContaining("PRIVATE KEY");
        assertThatThrownBy(() -> new MqttProperties(
                        "tcp://127.0.0.1:1883", null, null, null, true, null, null, 0, null, null, cert, key))
                .hasMessageContaining("only used with an ssl:// omb.mqtt.url");
    }

    private static void assertRefused(MqttProperties properties, String setting, String reason) {
        assertThatThrownBy(() -> new MqttConnection(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(setting)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("PRIVATE KEY-----");
    }

    private static MqttProperties properties(String caFile, String clientCert, String clientKey) {
        return new MqttProperties(
                broker.url(), null, null, null, true, null, null, 4, null, caFile, clientCert, clientKey);
    }

    private static Path cloud(String extension) {
        return dir.resolve("cloud/" + CLOUD + "." + extension);
    }

    private static String file(Path path) {
        return path.toString();
    }

    private static MqttConnection.Inbound inbound(BlockingQueue<String> arrived) {
        return new MqttConnection.Inbound() {
            @Override
            public void arrived(String topic, MqttMessage message) {
                arrived.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void connected(boolean reconnect) {}
        };
    }
}
