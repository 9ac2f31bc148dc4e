package org.openmusicbox.protocol.v1.mqtt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS of an {@code ssl://} broker connection, the same for the box and the cloud: the JVM's CAs plus those of
 * a self-hosted broker, and the client's own certificate and key where the broker asks for one (AWS IoT Core
 * always does; Mosquitto with {@code require_certificate}). Reading files is the caller's, so that each names
 * its own settings in what goes wrong; the messages here say what, never the key.
 */
public final class BrokerTls {

    /** The in-memory key store's password: the store never leaves this process. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private BrokerTls() {}

    /**
     * The certificates of PEM text, in their order: a client's own first, then the CAs that signed it.
     *
     * @throws IllegalArgumentException when there is none, or one is not a certificate
     */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> found = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(
                            new ByteArrayInputStream((pem == null ? "" : pem).getBytes(StandardCharsets.US_ASCII)))) {
                found.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("holds no PEM certificate (BEGIN CERTIFICATE)");
        }
        return List.copyOf(found);
    }

    /**
     * Whether {@code key} is the private half of {@code certificate}'s public key, checked by signing with one and
     * verifying with the other: a mismatch otherwise shows only as a handshake the broker ends without a reason.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static void checkPair(PrivateKey key, X509Certificate certificate) {
        String mismatch = "does not belong to the certificate "
                + certificate.getSubjectX500Principal().getName() + " (its public key is another one)";
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            default ->
                throw new IllegalArgumentException("is a " + key.getAlgorithm() + " key, not RSA, EC or Ed25519");
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
            // An EC key against an RSA certificate, or a curve of another size.
            throw new IllegalArgumentException(mismatch, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM cannot sign with " + algorithm + ": " + e, e);
        }
    }

    /**
     * TLS sockets (TCP_NODELAY, as {@link NoDelaySockets}) trusting the JVM's CAs and {@code extraCas}, presenting
     * {@code chain} with {@code key} when the server asks for a client certificate.
     *
     * @param extraCas CAs trusted besides the JVM's; empty for the JVM's alone
     * @param key the client's key, or null for no client certificate
     * @param chain the client's certificate first, then any CA between it and the broker's trusted one
     */
    public static SSLSocketFactory sockets(
            List<X509Certificate> extraCas, PrivateKey key, List<X509Certificate> chain) {
        return new NoDelayTlsSockets(context(extraCas, key, chain).getSocketFactory());
    }

    /**
     * The TLS context behind {@link #sockets}: also what an HTTPS client of the same cloud needs (a self-hosted
     * media store signed by the same CA as the broker).
     */
    public static SSLContext context(List<X509Certificate> extraCas, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyManager[] keys = null;
            if (key != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, IN_MEMORY);
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, extraCas.isEmpty() ? null : trusting(extraCas), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e, e);
        }
    }

    private static TrustManager[] trusting(List<X509Certificate> extraCas)
            throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (X509Certificate ca : jvmCas()) {
            store.setCertificateEntry("jvm-" + n++, ca);
        }
        for (X509Certificate ca : extraCas) {
            store.setCertificateEntry("added-" + n++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust.getTrustManagers();
    }

    private static X509Certificate[] jvmCas() throws GeneralSecurityException {
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        for (TrustManager manager : jvm.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
