package org.openmusicbox.edge.sync.paho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.device.LinkStatus;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.Outlet;
import org.openmusicbox.edge.sync.TestBroker;
import org.openmusicbox.edge.sync.Unhandled;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.BrokerTls;
import org.openmusicbox.protocol.v1.mqtt.PemKey;
import org.openmusicbox.protocol.v1.mqtt.Presence;
import org.openmusicbox.protocol.v1.mqtt.Topics;

/**
 * The box logging in with a client certificate instead of a password (AWS IoT Core's way), against a real Mosquitto
 * that requires one, signed by a CA the test makes, and takes the certificate's common name as the user name the
 * shipped ACL grants topics by.
 */
class CertificateLoginTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path shared;

    private static MadeCertificates stack;
    private static MadeCertificates stranger;
    private static TestBroker broker;

    @TempDir
    Path tmp;

    private PahoCloudLink link;

    @BeforeAll
    static void brokerWithItsCa() throws Exception {
        stack = MadeCertificates.ca(shared.resolve("stack-ca"));
        stranger = MadeCertificates.ca(shared.resolve("another-ca"));
        broker = TestBroker.withClientCertificates(
                shared.resolve("broker"), stack.caCert(), stack.serverCert(), stack.serverKey());
        assertTrue(broker.url().startsWith("ssl://"), broker.url());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopLink() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void aBoxWithAnEcKeyMadeOnItConnectsSaysOnlineAndPublishesOnItsOwnTopicsOnly() throws Exception {
        Path key = stack.ecBox(tmp, "box-cert-a");
        try (Tap cloud = Tap.asCloud(tmp)) {
            // This box's presence only: the broker holds the retained ones of the other tests' boxes.
            cloud.subscribe(Topics.presence("box-cert-a"), "omb/v1/devices/+/sync/pull");
            List<Outlet> outlets = new CopyOnWriteArrayList<>();
            link = new PahoCloudLink(
                    settings("box-cert-a", tmp.resolve("box-cert-a.crt"), key), "0.1.0-test", outletsTo(outlets));
            link.start();
            await(() -> outlets.size() == 1, "the box connected");
            assertEquals(
                    LinkStatus.State.CONNECTED,
                    link.status().state(),
                    link.status().detail());

            Presence online = new JsonCodec().read(cloud.next(Topics.presence("box-cert-a")), Presence.class);
            assertEquals(Presence.Status.ONLINE, online.status());
            // The broker delivers one publisher's messages in order: the forged one, had it passed, would come first.
            assertTrue(outlets.get(0).publish(Topics.syncPull("box-other"), "{\"forged\":1}".getBytes(UTF8)));
            assertTrue(outlets.get(0).publish(Topics.syncPull("box-cert-a"), "{\"own\":1}".getBytes(UTF8)));
            assertEquals("{\"own\":1}", new String(cloud.next(Topics.syncPull("box-cert-a")), UTF8));
            assertTrue(
                    broker.log().contains("New client connected from 127.0.0.1")
                            && broker.log().contains("u'box-cert-a'"),
                    "the certificate's name is the user name: " + broker.log());
        }
    }

    @Test
    void anRsaKeyInPkcs1AndACertificateFileHoldingItsChainConnectToo() throws Exception {
        Path key = stack.box(tmp, "box-cert-b", "genrsa", "-traditional", "-out", "box-cert-b.key", "2048");
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        Path chain = tmp.resolve("chain.crt");
        Files.writeString(chain, Files.readString(tmp.resolve("box-cert-b.crt")) + Files.readString(stack.caCert()));
        link = new PahoCloudLink(settings("box-cert-b", chain, key), "0.1.0-test", new Unhandled());
        link.start();
        await(() -> link.status().state() == LinkStatus.State.CONNECTED, "the box connected");
    }

    @Test
    void withoutACertificateOrWithOneFromAnotherCaTheBrokerRefusesTheBox() throws Exception {
        Map<String, String> noCertificate = new HashMap<>(Map.of(
                "omb.cloud.url", broker.url(),
                "omb.cloud.device-id", "box-cert-c",
                "omb.cloud.ca-file", stack.caCert().toString()));
        link = new PahoCloudLink(load(noCertificate), "0.1.0-test", new Unhandled());
        link.start();
        await(() -> link.attempts() >= 1 && link.status().state() == LinkStatus.State.OFFLINE, "refused");
        assertTrue(link.status().detail().contains("127.0.0.1:"), link.status().detail());
        link.close();

        Path key = stranger.ecBox(tmp, "box-cert-c");
        link = new PahoCloudLink(
                settings("box-cert-c", tmp.resolve("box-cert-c.crt"), key), "0.1.0-test", new Unhandled());
        link.start();
        await(() -> link.attempts() >= 1 && link.status().state() == LinkStatus.State.OFFLINE, "refused");
        assertFalse(broker.log().contains("u'box-cert-c'"), "never logged in: " + broker.log());
    }

    /** Before, an ssl:// url without a CA file gave Paho a plain socket factory, which it refuses for ssl://. */
    @Test
    void anSslUrlWithoutACaFileTrustsTheJvmsCasAndSaysTheBrokerIsNotOneOfThem() throws Exception {
        link = new PahoCloudLink(
                load(Map.of("omb.cloud.url", broker.url(), "omb.cloud.device-id", "box-cert-d")),
                "0.1.0-test",
                new Unhandled());
        link.start();
        await(() -> link.attempts() >= 1 && link.status().state() == LinkStatus.State.OFFLINE, "refused");
        assertTrue(
                link.status().detail().startsWith("TLS with 127.0.0.1:"),
                link.status().detail());
    }

    @Test
    void aKeyOrCertificateThatCannotBeUsedRefusesTheStartNamingItsSetting() throws Exception {
        Path key = stack.ecBox(tmp, "box-cert-e");
        Path cert = tmp.resolve("box-cert-e.crt");
        MadeCertificates.run(
                tmp, Map.of(), "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other.key");
        Path garbage = tmp.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        Path binary = tmp.resolve("binary.pem");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2});

        assertRefused(cert, tmp.resolve("other.key"), "omb.cloud.key-file", "does not belong to the certificate");
        assertRefused(cert, stack.serverKey(), "omb.cloud.key-file", "does not belong to the certificate");
        assertRefused(cert, garbage, "omb.cloud.key-file", "holds no PEM private key");
        assertRefused(cert, cert, "omb.cloud.key-file", "holds no PEM private key");
        assertRefused(cert, binary, "omb.cloud.key-file", "holds no PEM private key");
        assertRefused(garbage, key, "omb.cloud.cert-file", "PEM certificate");
        assertRefused(key, key, "omb.cloud.cert-file", "PEM certificate");
        assertRefused(binary, key, "omb.cloud.cert-file", "PEM certificate");
        // The CA first: the first certificate must be the box's own.
        Path caFirst = tmp.resolve("ca-first.crt");
        Files.writeString(caFirst, Files.readString(stack.caCert()) + Files.readString(cert));
        assertRefused(caFirst, key, "omb.cloud.key-file", "must be the box's own");
    }

    private void assertRefused(Path cert, Path key, String setting, String reason) {
        EdgeConfig.InvalidConfigException refused = assertThrows(
                EdgeConfig.InvalidConfigException.class,
                () -> new PahoCloudLink(settings("box-cert-e", cert, key), "0.1.0-test", new Unhandled()),
                cert + " " + key);
        String message = refused.getMessage();
        assertTrue(message.startsWith(setting) && message.contains(reason), setting + ", " + reason + ": " + message);
        assertFalse(message.contains("MHcCAQEE"), "never the key itself: " + message);
    }

    private CloudSettings settings(String id, Path cert, Path key) {
        return load(Map.of(
                "omb.cloud.url", broker.url(),
                "omb.cloud.device-id", id,
                "omb.cloud.ca-file", stack.caCert().toString(),
                "omb.cloud.cert-file", cert.toString(),
                "omb.cloud.key-file", key.toString()));
    }

    private static CloudSettings load(Map<String, String> props) {
        return ConfigLoader.load(null, Map.of(), props).cloud();
    }

    private static Arrivals outletsTo(List<Outlet> outlets) {
        return new Arrivals() {
            @Override
            public void arrived(String topic, byte[] payload, Receipt receipt) {
                receipt.handled();
            }

            @Override
            public void connected(Outlet outlet) {
                outlets.add(outlet);
            }
        };
    }

    private void await(BooleanSupplier done, String what) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "no " + what + " within " + DEADLINE + "; status " + link.status() + "\n" + broker.log());
            }
            Thread.sleep(20); // between polls of a condition with a deadline
        }
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    /**
     * The cloud's side: a client with a certificate for omb-cloud, the user the shipped ACL lets read every box
     * (sign-box.sh signs for boxes only, so the test signs this one with openssl itself).
     */
    private static final class Tap implements AutoCloseable, MqttCallback {
        private final MqttAsyncClient client;
        private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();

        private Tap(MqttAsyncClient client) {
            this.client = client;
        }

        static Tap asCloud(Path dir) throws Exception {
            Path key = stack.cloud(dir.resolve("cloud"));
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), "omb-cloud", new MemoryPersistence());
            Tap tap = new Tap(client);
            client.setCallback(tap);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(BrokerTls.sockets(
                    BrokerTls.certificates(Files.readString(stack.caCert())),
                    PemKey.read(Files.readString(key)),
                    BrokerTls.certificates(Files.readString(dir.resolve("cloud/omb-cloud.crt")))));
            client.connect(options).waitForCompletion(10_000);
            return tap;
        }

        void subscribe(String... filters) throws MqttException {
            client.subscribe(filters, new int[] {1, 1}).waitForCompletion(10_000);
        }

        /** The payload of the next message, which must be on {@code topic}. */
        byte[] next(String topic) throws InterruptedException {
            String[] message = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("nothing on " + topic + " within " + DEADLINE);
            }
            assertEquals(topic, message[0]);
            return message[1].getBytes(UTF8);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String[] {topic, new String(message.getPayload(), UTF8)});
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
