package org.openmusicbox.cloud.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.SocketFactory;
import org.openmusicbox.cloud.config.MqttProperties;
import org.openmusicbox.protocol.v1.mqtt.BrokerTls;
import org.openmusicbox.protocol.v1.mqtt.NoDelaySockets;
import org.openmusicbox.protocol.v1.mqtt.PemKey;

/**
 * The sockets of a cloud instance's broker connection, TCP_NODELAY in both kinds (the relay's round trips,
 * docs/benchmarks.md). {@code tcp://}: plain. {@code ssl://}: TLS trusting the JVM's CAs plus {@code omb.mqtt.ca-file},
 * presenting {@code omb.mqtt.client-cert} with {@code omb.mqtt.client-key} where set (AWS IoT Core wants that from the
 * relay). Each of the three is a PEM file's path or the PEM text itself. Built when the connection is, so that a
 * value that holds no certificate or key, or a key that is not the certificate's, stops the start naming it.
 */
final class BrokerSockets {

    private BrokerSockets() {}

    /** Null for any other scheme ({@code ws://}, {@code wss://}): Paho's own. */
    static SocketFactory of(MqttProperties properties) {
        String url = properties.url();
        if (url.startsWith("tcp://")) {
            return NoDelaySockets.INSTANCE;
        }
        if (!url.startsWith("ssl://")) {
            return null;
        }
        List<X509Certificate> cas =
                properties.caFile() == null ? List.of() : certificates("omb.mqtt.ca-file", properties.caFile());
        if (properties.clientCert() == null) {
            return BrokerTls.sockets(cas, null, List.of());
        }
        List<X509Certificate> chain = certificates("omb.mqtt.client-cert", properties.clientCert());
        String keyIn = "omb.mqtt.client-key " + MqttProperties.shown(properties.clientKey());
        String keyText = pem("omb.mqtt.client-key", properties.clientKey());
        PrivateKey key;
        try {
            key = PemKey.read(keyText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyIn + " " + e.getMessage(), e);
        }
        try {
            BrokerTls.checkPair(key, chain.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    keyIn + " " + e.getMessage() + " in omb.mqtt.client-cert "
                            + MqttProperties.shown(properties.clientCert())
                            + " (the first certificate there must be this instance's own)",
                    e);
        }
        return BrokerTls.sockets(cas, key, chain);
    }

    private static List<X509Certificate> certificates(String setting, String value) {
        String text = pem(setting, value);
        try {
            return BrokerTls.certificates(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " " + MqttProperties.shown(value) + " " + e.getMessage(), e);
        }
    }

    /** The value itself when it is PEM text, otherwise the text of the file it names. */
    private static String pem(String setting, String value) {
        if (value.stripLeading().startsWith("-----BEGIN")) {
            return value;
        }
        try {
            // Latin-1 never fails: a file of garbage is told as holding no PEM, not as unreadable.
            return Files.readString(Path.of(value), StandardCharsets.ISO_8859_1);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    setting + " is neither PEM text (-----BEGIN ...) nor a readable file: " + value + " (" + e + ")",
                    e);
        }
    }
}
