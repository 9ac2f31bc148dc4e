package org.openmusicbox.edge.sync.paho;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.openmusicbox.edge.config.EdgeConfig;

/**
 * The trust of an {@code ssl://} broker: the JVM's own trust store plus the CA certificates of a PEM file, so
 * that a self-hosted broker with its own CA works without replacing what a public one needs.
 */
final class TrustedCas {

    private TrustedCas() {}

    /** A socket factory trusting the JVM's CAs and those in {@code pemFile}; a bad file refuses the start. */
    static SocketFactory with(Path pemFile) {
        Collection<? extends Certificate> added;
        try (InputStream in = Files.newInputStream(pemFile)) {
            added = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new EdgeConfig.InvalidConfigException(
                    "omb.cloud.ca-file " + pemFile + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (added.isEmpty()) {
            throw new EdgeConfig.InvalidConfigException("omb.cloud.ca-file " + pemFile + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : jvmCas()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            for (Certificate ca : added) {
                store.setCertificateEntry("ca-file-" + n++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS with omb.cloud.ca-file " + pemFile + ": " + e, e);
        }
    }

    private static X509Certificate[] jvmCas() throws GeneralSecurityException {
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        for (var manager : jvm.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
