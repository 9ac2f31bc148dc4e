package org.openmusicbox.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code omb.cloud.*}: no cloud by default, and every bad value refuses the start naming its setting. */
class CloudConfigTest {

    @TempDir
    Path dir;

    private static CloudSettings load(Map<String, String> env) {
        return ConfigLoader.load(null, env, Map.of()).cloud();
    }

    private static Map<String, String> linked(String... more) {
        Map<String, String> env =
                new HashMap<>(Map.of("OMB_CLOUD_URL", "tcp://127.0.0.1:1883", "OMB_CLOUD_DEVICE_ID", "box-kitchen_01"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(EdgeConfig.InvalidConfigException.class, () -> load(env), env.toString())
                .getMessage();
    }

    @Test
    void withNothingSetThereIsNoCloudAndTheSessionOutlivesANightOffline() {
        CloudSettings cloud = load(Map.of());
        assertFalse(cloud.enabled());
        assertEquals("", cloud.url());
        assertEquals(7L * 24 * 3600, cloud.sessionExpiryS(), "a week");
        assertEquals(30, cloud.keepAliveS());
        assertEquals("", cloud.secret());
    }

    @Test
    void aLinkedBoxReadsItsSettingsFromTheEnvironment() {
        CloudSettings cloud = load(linked(
                "OMB_CLOUD_USERNAME", "box",
                "OMB_CLOUD_PASSWORD", "s3cret",
                "OMB_CLOUD_SESSION_EXPIRY_S", "3600",
                "OMB_CLOUD_KEEP_ALIVE_S", "60"));
        assertTrue(cloud.enabled());
        assertEquals("box-kitchen_01", cloud.deviceId());
        assertEquals("box", cloud.username());
        assertEquals("s3cret", cloud.secret());
        assertEquals(3600, cloud.sessionExpiryS());
        assertEquals(60, cloud.keepAliveS());
        assertFalse(cloud.toString().contains("s3cret"), cloud.toString());
        assertTrue(
                load(linked("OMB_CLOUD_URL", "ssl://broker.example.org:8883")).enabled());
        assertTrue(load(linked("OMB_CLOUD_URL", "tcp://broker.example.org")).enabled(), "the default port");
    }

    @Test
    void aDeviceIdThatIsNotOneTopicLevelOfSafeCharactersRefusesTheStart() {
        for (String bad : new String[] {"box/1", "box+", "#", "box 1", "box.1", "böx", "b".repeat(65)}) {
            String message = refusal(linked("OMB_CLOUD_DEVICE_ID", bad));
            assertTrue(message.contains("omb.cloud.device-id"), message);
            assertTrue(message.contains(bad), "the message shows the value: " + message);
        }
        assertEquals(
                64,
                load(linked("OMB_CLOUD_DEVICE_ID", "b".repeat(64))).deviceId().length());
        String missing = refusal(linked("OMB_CLOUD_DEVICE_ID", ""));
        assertTrue(missing.contains("omb.cloud.device-id") && missing.contains("must be set"), missing);
        // A bad id is refused even while no cloud is set, so that setting the url later does not surprise.
        assertTrue(refusal(Map.of("OMB_CLOUD_DEVICE_ID", "a/b")).contains("omb.cloud.device-id"));
    }

    @Test
    void aUrlThatIsNotTcpOrSslToAHostRefusesTheStart() {
        for (String bad : new String[] {
            "http://broker:1883",
            "mqtt://broker",
            "tcp://",
            "tcp://broker:1883/path",
            "tcp://u:p@broker",
            "broker:1883",
            "tcp://broker:99999",
            "tcp://bro ker",
            "ws://broker:8080"
        }) {
            String message = refusal(linked("OMB_CLOUD_URL", bad));
            assertTrue(message.contains("omb.cloud.url"), bad + ": " + message);
        }
    }

    @Test
    void thePasswordMayComeFromAFileButNotFromBoth() throws Exception {
        Path file = dir.resolve("broker-password");
        Files.writeString(file, "from-the-file\n");
        assertEquals(
                "from-the-file",
                load(linked("OMB_CLOUD_PASSWORD_FILE", file.toString())).secret(),
                "without the newline");
        String both = refusal(linked("OMB_CLOUD_PASSWORD_FILE", file.toString(), "OMB_CLOUD_PASSWORD", "too"));
        assertTrue(both.contains("omb.cloud.password-file") && both.contains("omb.cloud.password"), both);
        String missing =
                refusal(linked("OMB_CLOUD_PASSWORD_FILE", dir.resolve("nothing").toString()));
        assertTrue(missing.contains("omb.cloud.password-file"), missing);
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        assertTrue(refusal(linked("OMB_CLOUD_PASSWORD_FILE", empty.toString())).contains("omb.cloud.password-file"));
    }

    @Test
    void sessionKeepAliveAndCaFileAreChecked() throws Exception {
        for (String bad : new String[] {"0", "59", "-1", "4294967296", "a week"}) {
            String message = refusal(linked("OMB_CLOUD_SESSION_EXPIRY_S", bad));
            assertTrue(
                    message.contains("omb.cloud.session-expiry-s") || message.contains("Invalid configuration"),
                    message);
        }
        for (String bad : new String[] {"0", "4", "3601"}) {
            assertTrue(refusal(linked("OMB_CLOUD_KEEP_ALIVE_S", bad)).contains("omb.cloud.keep-alive-s"), bad);
        }
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n");
        assertTrue(refusal(linked("OMB_CLOUD_CA_FILE", pem.toString())).contains("ssl://"), "a CA needs ssl://");
        assertTrue(refusal(linked(
                        "OMB_CLOUD_URL",
                        "ssl://broker:8883",
                        "OMB_CLOUD_CA_FILE",
                        dir.resolve("none.pem").toString()))
                .contains("omb.cloud.ca-file"));
    }

    @Test
    void aClientCertificateNeedsItsKeyAnSslUrlAndReadableFiles() throws Exception {
        Path cert = dir.resolve("box.crt");
        Path key = dir.resolve("box.key");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\n");
        String ssl = "ssl://broker:8883";

        CloudSettings both = load(linked(
                "OMB_CLOUD_URL", ssl, "OMB_CLOUD_CERT_FILE", cert.toString(), "OMB_CLOUD_KEY_FILE", key.toString()));
        assertTrue(both.hasCertificate());
        assertEquals(cert.toString(), both.certFile());
        assertEquals(key.toString(), both.keyFile());
        assertTrue(both.toString().contains("keyFile=" + key), both.toString());
        assertFalse(load(linked("OMB_CLOUD_URL", ssl)).hasCertificate(), "none by default");

        String onlyCert = refusal(linked("OMB_CLOUD_URL", ssl, "OMB_CLOUD_CERT_FILE", cert.toString()));
        assertTrue(onlyCert.contains("go together") && onlyCert.contains("only omb.cloud.cert-file"), onlyCert);
        String onlyKey = refusal(linked("OMB_CLOUD_URL", ssl, "OMB_CLOUD_KEY_FILE", key.toString()));
        assertTrue(onlyKey.contains("go together") && onlyKey.contains("only omb.cloud.key-file"), onlyKey);
        String plain = refusal(linked("OMB_CLOUD_CERT_FILE", cert.toString(), "OMB_CLOUD_KEY_FILE", key.toString()));
        assertTrue(plain.contains("omb.cloud.cert-file") && plain.contains("ssl://"), plain);
        String noCert = refusal(linked(
                "OMB_CLOUD_URL", ssl,
                "OMB_CLOUD_CERT_FILE", dir.resolve("none.crt").toString(),
                "OMB_CLOUD_KEY_FILE", key.toString()));
        assertTrue(noCert.contains("omb.cloud.cert-file names no readable file"), noCert);
        String noKey = refusal(linked(
                "OMB_CLOUD_URL", ssl,
                "OMB_CLOUD_CERT_FILE", cert.toString(),
                "OMB_CLOUD_KEY_FILE", dir.resolve("none.key").toString()));
        assertTrue(noKey.contains("omb.cloud.key-file names no readable file"), noKey);
    }
}
