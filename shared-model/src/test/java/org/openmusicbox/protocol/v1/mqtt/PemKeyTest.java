package org.openmusicbox.protocol.v1.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys as the openssl command line writes them, each read to the same key as its PKCS#8 form. */
class PemKeyTest {

    @TempDir
    Path dir;

    private Openssl openssl;

    @BeforeEach
    void openssl() {
        openssl = new Openssl(dir);
    }

    @Test
    void aSec1EcKeyAsABoxMakesItIsTheSameKeyAsItsPkcs8Form() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "device.key");
        String sec1 = openssl.read("device.key");
        assertTrue(
                sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"),
                sec1.lines().findFirst().orElse(""));
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "device.key", "-out", "device.p8");

        ECPrivateKey fromSec1 = (ECPrivateKey) PemKey.read(sec1);
        ECPrivateKey fromPkcs8 = (ECPrivateKey) PemKey.read(openssl.read("device.p8"));
        assertEquals(fromPkcs8.getS(), fromSec1.getS());
        assertEquals(256, fromSec1.getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void otherCurvesAndTheParametersBlockOfEcparamWithoutNooutAreRead() throws Exception {
        openssl.run("ecparam", "-name", "secp384r1", "-genkey", "-out", "p384.key");
        String withParameters = openssl.read("p384.key");
        assertTrue(withParameters.contains("BEGIN EC PARAMETERS"), withParameters);
        ECPrivateKey key = (ECPrivateKey) PemKey.read(withParameters);
        assertEquals(384, key.getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void rsaKeysInPkcs1AndPkcs8AreTheSameKey() throws Exception {
        openssl.run("genrsa", "-traditional", "-out", "rsa.key", "2048");
        String pkcs1 = openssl.read("rsa.key");
        assertTrue(
                pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"),
                pkcs1.lines().findFirst().orElse(""));
        openssl.run("pkcs8", "-topk8", "-nocrypt", "-in", "rsa.key", "-out", "rsa.p8");
        RSAPrivateCrtKey fromPkcs1 = (RSAPrivateCrtKey) PemKey.read(pkcs1);
        RSAPrivateCrtKey fromPkcs8 = (RSAPrivateCrtKey) PemKey.read(openssl.read("rsa.p8"));
        assertEquals(fromPkcs8.getModulus(), fromPkcs1.getModulus());
        assertEquals(fromPkcs8.getPrivateExponent(), fromPkcs1.getPrivateExponent());
    }

    @Test
    void pkcs8KeysOfEachKindAreRead() throws Exception {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.p8");
        openssl.run("genpkey", "-algorithm", "ED25519", "-out", "ed.p8");
        assertTrue(openssl.read("ec.p8").startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("EC", PemKey.read(openssl.read("ec.p8")).getAlgorithm());
        PrivateKey ed = PemKey.read(openssl.read("ed.p8"));
        assertTrue(ed.getAlgorithm().startsWith("Ed"), ed.getAlgorithm());
    }

    @Test
    void aKeyNextToItsCertificateInOneFileIsFound() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "both.key");
        String both = openssl.selfSigned("both") + openssl.read("both.key");
        assertEquals("EC", PemKey.read(both).getAlgorithm());
    }

    @Test
    void whatIsNotOneUsableKeyIsRefusedWithAReasonThatNeverShowsTheKey() throws Exception {
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "a.key");
        String key = openssl.read("a.key");
        String secretLine = key.lines().skip(1).findFirst().orElseThrow();

        assertRefused(null, "holds no PEM private key");
        assertRefused("", "holds no PEM private key");
        assertRefused("not a key at all\n", "holds no PEM private key");
        assertRefused(openssl.selfSigned("a"), "holds no PEM private key");
        assertRefused(key.replace("-----END EC PRIVATE KEY-----", ""), "holds no PEM private key");
        assertRefused("-----BEGIN PRIVATE KEY-----\n!!!notbase64!!!\n-----END PRIVATE KEY-----\n", "not valid base64");
        assertRefused(block("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), "PKCS#8 private key that is");
        assertRefused(block("EC PRIVATE KEY", new byte[] {0x30, (byte) 0x82, 0x10}), "cut short");
        assertRefused(block("EC PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), "not SEC1");
        assertRefused(block("RSA PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), "RSA private key");
        assertRefused(key + key, "more than one private key");

        // Half of the key's bytes: the DER says more follows than there is.
        byte[] der = Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""));
        String cut = block("EC PRIVATE KEY", java.util.Arrays.copyOf(der, der.length / 2));
        String message = assertRefused(cut, "cut short");
        assertFalse(message.contains(secretLine), message);
    }

    @Test
    void anEncryptedKeyIsRefusedSayingHowToWriteItWithoutAPassphrase() throws Exception {
        openssl.run(
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:secret",
                "-out",
                "encrypted.p8");
        assertRefused(openssl.read("encrypted.p8"), "-nocrypt");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "plain.key");
        openssl.run("ec", "-in", "plain.key", "-aes256", "-passout", "pass:secret", "-out", "traditional.key");
        assertTrue(openssl.read("traditional.key").contains("Proc-Type: 4,ENCRYPTED"));
        assertRefused(openssl.read("traditional.key"), "encrypted");
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static String assertRefused(String pem, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> PemKey.read(pem));
        assertTrue(refused.getMessage().contains(reason), reason + " / " + refused.getMessage());
        return refused.getMessage();
    }
}
