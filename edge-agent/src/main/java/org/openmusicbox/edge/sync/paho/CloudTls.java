package org.openmusicbox.edge.sync.paho;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.openmusicbox.edge.config.CloudSettings;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.protocol.v1.mqtt.BrokerTls;
import org.openmusicbox.protocol.v1.mqtt.NoDelaySockets;
import org.openmusicbox.protocol.v1.mqtt.PemKey;

/**
 * The sockets of the cloud link. {@code tcp://}: plain, Nagle off. {@code ssl://}: TLS trusting the JVM's CAs plus
 * those of {@code omb.cloud.ca-file} (a self-hosted broker's own CA), presenting the box's certificate and key when
 * {@code omb.cloud.cert-file} and {@code omb.cloud.key-file} are set. Built once, before the box starts serving, so
 * that a file that holds no certificate, no key, or a key that is not the certificate's refuses the start naming
 * the setting, instead of a link that is refused by the broker on every attempt with no reason given.
 *
 * <p>The certificate's dates are not checked here: the Pi has no clock battery, and before its clock is set a valid
 * certificate would look not yet valid. The broker checks them.
 */
public final class CloudTls {

    private CloudTls() {}

    static SocketFactory sockets(CloudSettings config) {
        if (!config.url().startsWith("ssl://")) {
            return NoDelaySockets.INSTANCE;
        }
        List<X509Certificate> cas =
                config.caFile().isEmpty() ? List.of() : certificates("omb.cloud.ca-file", config.caFile());
        if (!config.hasCertificate()) {
            return BrokerTls.sockets(cas, null, List.of());
        }
        List<X509Certificate> chain = certificates("omb.cloud.cert-file", config.certFile());
        PrivateKey key;
        try {
            key = PemKey.read(read("omb.cloud.key-file", config.keyFile()));
        } catch (IllegalArgumentException e) {
            throw new EdgeConfig.InvalidConfigException(
                    "omb.cloud.key-file " + config.keyFile() + " " + e.getMessage(), e);
        }
        try {
            BrokerTls.checkPair(key, chain.get(0));
        } catch (IllegalArgumentException e) {
            throw new EdgeConfig.InvalidConfigException(
                    "omb.cloud.key-file " + config.keyFile() + " "
                            + e.getMessage() + " in omb.cloud.cert-file " + config.certFile()
                            + " (the first certificate there must be the box's own)",
                    e);
        }
        return BrokerTls.sockets(cas, key, chain);
    }

    /**
     * The trust of the box's HTTPS client for the media store's presigned URLs: the JVM's CAs, plus those of
     * {@code omb.cloud.ca-file}, since a self-hosted cloud signs its bucket's origin with the broker's own CA
     * (infra/cloud/stack.sh). Without it, uploads and downloads failed there with a PKIX error (seen on the live
     * stack run). No client certificate: the store authenticates the URL's signature.
     */
    public static SSLContext mediaStore(CloudSettings config) {
        if (config.caFile().isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("No default TLS: " + e, e);
            }
        }
        return BrokerTls.context(certificates("omb.cloud.ca-file", config.caFile()), null, List.of());
    }

    private static List<X509Certificate> certificates(String setting, String file) {
        try {
            return BrokerTls.certificates(read(setting, file));
        } catch (IllegalArgumentException e) {
            throw new EdgeConfig.InvalidConfigException(setting + " " + file + " " + e.getMessage(), e);
        }
    }

    /** As bytes (Latin-1 never fails): a file of garbage is told as holding no PEM, not as unreadable. */
    private static String read(String setting, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new EdgeConfig.InvalidConfigException(setting + " cannot be read: " + file + " (" + e + ")", e);
        }
    }
}
