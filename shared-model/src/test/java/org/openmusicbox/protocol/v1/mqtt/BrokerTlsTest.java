package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of TLS with a client certificate, against a JDK TLS server that needs one and trusts one CA: the
 * certificate presented is the one configured, a key that is not its pair is caught before any connection, and
 * every socket has Nagle's algorithm off.
 */
class BrokerTlsTest {

    @TempDir
    Path dir;

    private Openssl openssl;

    @BeforeEach
    void certificates() throws Exception {
        openssl = new Openssl(dir);
        // A CA, the server's certificate for 127.0.0.1, and a box's EC key in SEC1 with a certificate from the CA.
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
        openssl.run("req", "-new", "-x509", "-key", "ca.key", "-subj", "/CN=test CA", "-days", "2", "-out", "ca.crt");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key");
        openssl.run("req", "-new", "-key", "server.key", "-subj", "/CN=127.0.0.1", "-out", "server.csr");
        openssl.run(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                "server.crt");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "box.key");
        openssl.run("req", "-new", "-key", "box.key", "-subj", "/CN=box-kitchen-01", "-out", "box.csr");
        openssl.run(
                "x509",
                "-req",
                "-in",
                "box.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                "box.crt");
    }

    @Test
    void theServerSeesTheConfiguredCertificateAndTheClientTrustsTheAddedCa() throws Exception {
        List<X509Certificate> ca = BrokerTls.certificates(openssl.read("ca.crt"));
        List<X509Certificate> chain = BrokerTls.certificates(openssl.read("box.crt") + openssl.read("ca.crt"));
        assertEquals(2, chain.size(), "the certificate and the CA after it, in order");
        PrivateKey key = PemKey.read(openssl.read("box.key"));
        BrokerTls.checkPair(key, chain.get(0));

        SSLSocketFactory sockets = BrokerTls.sockets(ca, key, chain);
        try (SSLServerSocket server = server()) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    X509Certificate peer =
                            (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                    accepted.getOutputStream().write(1);
                    return peer.getSubjectX500Principal().getName();
                } catch (Exception e) {
                    return "failed: " + e;
                }
            });
            try (Socket client = sockets.createSocket()) {
                assertTrue(client.getTcpNoDelay(), "Nagle's algorithm is off before connecting");
                client.connect(server.getLocalSocketAddress(), 10_000);
                ((SSLSocket) client).startHandshake();
                assertEquals(1, client.getInputStream().read());
            }
            assertEquals("CN=box-kitchen-01", seen.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void everyWayOfMakingASocketTurnsNagleOff() throws Exception {
        SSLSocketFactory sockets = BrokerTls.sockets(List.of(), null, List.of());
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetAddress here = InetAddress.getLoopbackAddress();
            int port = plain.getLocalPort();
            List<Socket> made = List.of(
                    sockets.createSocket(),
                    sockets.createSocket("127.0.0.1", port),
                    sockets.createSocket("127.0.0.1", port, here, 0),
                    sockets.createSocket(here, port),
                    sockets.createSocket(here, port, here, 0),
                    sockets.createSocket(new Socket(here, port), "127.0.0.1", port, true));
            for (Socket socket : made) {
                try (socket) {
                    assertTrue(socket instanceof SSLSocket, socket.toString());
                    assertTrue(socket.getTcpNoDelay(), socket.toString());
                }
            }
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesPairIsRefusedNamingTheCertificate() throws Exception {
        X509Certificate box = BrokerTls.certificates(openssl.read("box.crt")).get(0);
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "other.key");
        openssl.run("genrsa", "-out", "rsa.key", "2048");
        openssl.run("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.key");
        for (String other : List.of("other.key", "rsa.key", "p384.key", "ca.key")) {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> BrokerTls.checkPair(PemKey.read(openssl.read(other)), box),
                    other);
            assertTrue(
                    refused.getMessage().contains("does not belong to the certificate CN=box-kitchen-01"),
                    refused.getMessage());
        }
    }

    @Test
    void textWithoutACertificateIsRefused() throws Exception {
        for (String bad : new String[] {
            null,
            "",
            "garbage\n",
            openssl.read("box.key"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        }) {
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> BrokerTls.certificates(bad), bad);
            assertTrue(refused.getMessage().contains("PEM certificate"), refused.getMessage());
        }
    }

    /** A TLS server with the server certificate, trusting only the test's CA and needing a client certificate. */
    private SSLServerSocket server() throws Exception {
        PrivateKey key = PemKey.read(openssl.read("server.key"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
                "server",
                key,
                "x".toCharArray(),
                BrokerTls.certificates(openssl.read("server.crt")).toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "x".toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(
                "ca", BrokerTls.certificates(openssl.read("ca.crt")).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return server;
    }
}
