package org.openmusicbox.protocol.v1.mqtt;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's private key from PEM text, read with the JDK alone. Three forms: PKCS#8 ({@code BEGIN PRIVATE KEY},
 * what {@code openssl genpkey} writes), SEC1 ({@code BEGIN EC PRIVATE KEY}, what {@code openssl ecparam -genkey}
 * writes: the key a box makes for AWS IoT) and PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, {@code openssl genrsa
 * -traditional}). The JDK reads only PKCS#8, whose PrivateKeyInfo is the algorithm's identifier followed by the
 * same key bytes as the other two, so those are wrapped into it by hand: a few bytes of DER in front.
 */
public final class PemKey {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** 1.2.840.10045.2.1, id-ecPublicKey. */
    private static final byte[] EC_ALGORITHM = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    /** 1.2.840.113549.1.1.1, rsaEncryption, and its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
        0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    /** SEC1's {@code [0] parameters}: the named curve. */
    private static final int CURVE = 0xA0;

    private PemKey() {}

    /**
     * The one private key in {@code pem}; other blocks ({@code EC PARAMETERS}, certificates) are passed over.
     *
     * @throws IllegalArgumentException saying what is wrong, never showing the key
     */
    public static PrivateKey read(String pem) {
        PrivateKey found = null;
        Matcher block = BLOCK.matcher(pem == null ? "" : pem);
        while (block.find()) {
            String type = block.group(1);
            if (type.equals("ENCRYPTED PRIVATE KEY")
                    || type.endsWith(" PRIVATE KEY") && block.group(2).contains(":")) {
                throw new IllegalArgumentException("holds an encrypted private key; the client has no passphrase to"
                        + " open it: write it without one (openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key)");
            }
            PrivateKey key = switch (type) {
                case "PRIVATE KEY" -> pkcs8(body(block.group(2)));
                case "EC PRIVATE KEY" -> keyOf("EC", ecToPkcs8(body(block.group(2))));
                case "RSA PRIVATE KEY" -> keyOf("RSA", wrap(RSA_ALGORITHM, body(block.group(2))));
                default -> null;
            };
            if (key != null) {
                if (found != null) {
                    throw new IllegalArgumentException("holds more than one private key; keep the client's own");
                }
                found = key;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(
                    "holds no PEM private key (BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or" + " BEGIN RSA PRIVATE KEY)");
        }
        return found;
    }

    private static byte[] body(String base64) {
        try {
            return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds a private key that is not valid base64");
        }
    }

    /** PKCS#8 names its algorithm inside; the JDK's key factories each take only their own. */
    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next kind
            }
        }
        throw new IllegalArgumentException("holds a PKCS#8 private key that is damaged or of a kind the JVM does not"
                + " use for TLS (RSA, EC or Ed25519)");
    }

    private static PrivateKey keyOf(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "holds an " + algorithm + " private key the JVM cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * SEC1's ECPrivateKey is {@code SEQUENCE {version 1, privateKey OCTET STRING, [0] curve OID, [1] public key}};
     * PKCS#8 wants the curve in the algorithm identifier, so it is copied from {@code [0]}.
     */
    private static byte[] ecToPkcs8(byte[] sec1) {
        Tlv key = Tlv.at(sec1, 0, sec1.length);
        Tlv version = key.first(sec1);
        Tlv secret = version.next(sec1, key);
        if (key.tag != SEQUENCE || version.tag != INTEGER || secret == null || secret.tag != OCTET_STRING) {
            throw new IllegalArgumentException("holds an EC private key that is not SEC1 DER");
        }
        for (Tlv field = secret.next(sec1, key); field != null; field = field.next(sec1, key)) {
            if (field.tag == CURVE) {
                Tlv curve = field.first(sec1);
                if (curve.tag != OID) {
                    break;
                }
                return wrap(concat(EC_ALGORITHM, slice(sec1, curve.start, curve.end)), sec1);
            }
        }
        throw new IllegalArgumentException("holds an EC private key without a named curve (openssl -param_enc"
                + " explicit?); make it with a named curve such as prime256v1");
    }

    /** {@code PrivateKeyInfo ::= SEQUENCE {version 0, SEQUENCE algorithm, privateKey OCTET STRING}}. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return der(SEQUENCE, concat(new byte[] {INTEGER, 1, 0}, der(SEQUENCE, algorithm), der(OCTET_STRING, key)));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    /** One DER element: its tag, where it starts (the tag byte), where its content starts and where it ends. */
    private record Tlv(int tag, int start, int content, int end) {

        static Tlv at(byte[] der, int at, int limit) {
            if (at + 2 > limit) {
                throw damaged();
            }
            int tag = der[at] & 0xFF;
            int length = der[at + 1] & 0xFF;
            int content = at + 2;
            if (length > 0x80 && length <= 0x84) {
                int bytes = length & 0x7F;
                if (content + bytes > limit) {
                    throw damaged();
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[content++] & 0xFF);
                }
            } else if (length >= 0x80) {
                throw damaged();
            }
            if (length < 0 || content + length > limit) {
                throw damaged();
            }
            return new Tlv(tag, at, content, content + length);
        }

        Tlv first(byte[] der) {
            return at(der, content, end);
        }

        /** The element after this one inside {@code parent}, or null at its end. */
        Tlv next(byte[] der, Tlv parent) {
            return end >= parent.end ? null : at(der, end, parent.end);
        }

        private static IllegalArgumentException damaged() {
            return new IllegalArgumentException("holds a private key whose DER is damaged or cut short");
        }
    }
}
