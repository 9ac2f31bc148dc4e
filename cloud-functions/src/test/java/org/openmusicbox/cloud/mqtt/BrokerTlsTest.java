package org.openmusicbox.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openmusicbox.cloud.mqtt.AclClient.NOT_AUTHORIZED;
import static org.openmusicbox.cloud.mqtt.AclClient.NO_MATCHING_SUBSCRIBERS;
import static org.openmusicbox.cloud.mqtt.AclClient.SUCCESS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.mqtt.AclClient.Received;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The shipped broker configuration with its device listener's TLS (infra/mosquitto/mosquitto.conf, only paths and
 * ports rewritten), with a CA and server certificate made by the shipped infra/cloud/broker-certs.sh: a box over
 * TLS reaches only its own topics, unknown clients are refused, a foreign client id takes nothing, and the TLS port
 * speaks nothing but TLS.
 */
class BrokerTlsTest {

    private static final String A = "box-a";
    private static final String B = "box-b";
    private static final String A_PASSWORD = "secret-a";
    private static final String B_PASSWORD = "secret-b";
    private static final String CLOUD = "omb-cloud";
    private static final String CLOUD_PASSWORD = "secret-cloud";
    private static final Integer[] ACCEPTED = {SUCCESS, NO_MATCHING_SUBSCRIBERS};

    @TempDir
    static Path dir;

    private static AclBroker broker;
    private static SocketFactory trustingTheCa;

    @BeforeAll
    static void startBroker() throws Exception {
        AclBroker.requireMosquitto();
        Path tls = dir.resolve("broker/tls");
        makeCertificates(tls);
        trustingTheCa = trusting(tls.resolve("ca.crt"));
        broker = AclBroker.startTls(
                dir.resolve("broker"), List.of(A, A_PASSWORD, B, B_PASSWORD), List.of(CLOUD, CLOUD_PASSWORD));
        assertThat(broker.deviceUrl()).startsWith("ssl://");
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBoxOverTlsReachesOnlyItsOwnTopics() throws Exception {
        try (AclClient cloud = cloud("cloud-tls");
                AclClient a = device(A, A_PASSWORD, A)) {
            cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));
            assertThat(a.subscribe(List.of("omb/v1/devices/#"))).hasSize(1);

            assertThat(a.publish(Topics.libraryChanges(B), "forged")).isEqualTo(NOT_AUTHORIZED);
            assertThat(a.publish(Topics.libraryChanges(A), "own")).isIn(ACCEPTED);
            assertThat(cloud.next()).isEqualTo(new Received(Topics.libraryChanges(A), "own"));

            // The broker delivers one publisher's messages in order: box-b's command, had it reached box-a,
            // would come before box-a's own.
            assertThat(cloud.publish(Topics.commands(B), "for b")).isIn(ACCEPTED);
            assertThat(cloud.publish(Topics.commands(A), "for a")).isIn(ACCEPTED);
            assertThat(a.next()).isEqualTo(new Received(Topics.commands(A), "for a"));
        }
    }

    /** Mosquitto 2.0.11 answers these with 0x87 Not authorized (BrokerAclTest). */
    @Test
    void unknownClientsAreRefused() {
        assertThat(AclClient.refusal(broker.deviceUrl(), A, "wrong", A, trustingTheCa))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), B, A_PASSWORD, B, trustingTheCa))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), "box-unknown", "secret", "box-unknown", trustingTheCa))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), null, null, "anonymous", trustingTheCa))
                .isEqualTo(NOT_AUTHORIZED);
        assertThat(AclClient.refusal(broker.deviceUrl(), CLOUD, CLOUD_PASSWORD, CLOUD, trustingTheCa))
                .as("the cloud's login is not one on the device listener")
                .isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void aForeignOrWildcardClientIdTakesNeitherAnotherBoxsSessionNorItsTopics() throws Exception {
        try (AclClient cloud = cloud("cloud-tls-ids");
                AclClient b = device(B, B_PASSWORD, B)) {
            cloud.subscribe(Topics.cloudSubscriptions(Topics.DEFAULT_SHARE_GROUP));
            b.subscribe(Topics.deviceSubscriptions(B));
            for (String clientId : List.of(B, "+", "#", "box-b/x")) {
                try (AclClient a = device(A, A_PASSWORD, clientId)) {
                    assertThat(a.publish(Topics.libraryChanges(B), "forged"))
                            .as("client id %s", clientId)
                            .isEqualTo(NOT_AUTHORIZED);
                    assertThat(a.publish(Topics.libraryChanges(A), clientId)).isIn(ACCEPTED);
                    assertThat(cloud.next()).isEqualTo(new Received(Topics.libraryChanges(A), clientId));
                }
            }
            // box-b was never thrown off: it still receives on the connection it opened first.
            assertThat(cloud.publish(Topics.commands(B), "still there")).isIn(ACCEPTED);
            assertThat(b.next()).isEqualTo(new Received(Topics.commands(B), "still there"));
            assertThat(b.disconnects()).isZero();
        }
    }

    @Test
    void theTlsPortRefusesPlainMqttAndAServerCertificateNobodyTrusts() throws Exception {
        String plain = "tcp://127.0.0.1:" + broker.devicePort();
        assertThatThrownBy(() -> AclClient.connect(plain, A, A_PASSWORD, A).close())
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(
                        () -> AclClient.connectTls(broker.deviceUrl(), A, A_PASSWORD, A, SSLSocketFactory.getDefault())
                                .close())
                .as("the JVM's own trust store does not know the self-made CA")
                .isInstanceOf(MqttException.class);
        // Neither attempt left anything behind: the right login over TLS still works.
        try (AclClient a = device(A, A_PASSWORD, A)) {
            assertThat(a.isConnected()).isTrue();
        }
    }

    private AclClient device(String user, String password, String clientId) throws MqttException {
        return AclClient.connectTls(broker.deviceUrl(), user, password, clientId, trustingTheCa);
    }

    private AclClient cloud(String clientId) throws MqttException {
        return AclClient.connect(broker.cloudUrl(), CLOUD, CLOUD_PASSWORD, clientId);
    }

    private static void makeCertificates(Path tls) throws IOException, InterruptedException {
        Path script = AclBroker.infra().resolve("../cloud/broker-certs.sh").normalize();
        Process process = new ProcessBuilder("bash", script.toString(), tls.toString(), "localhost", "127.0.0.1")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(tls.resolve("server.crt")).isNotEmptyFile();
        assertThat(tls.resolve("server.key")).isNotEmptyFile();
    }

    /** A socket factory trusting the test's CA only; Paho checks the host name against the certificate. */
    private static SocketFactory trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
