package org.openmusicbox.edge.config;

import java.nio.file.Path;

/**
 * The link to the cloud's MQTT broker. {@code url} empty (the default) means no cloud: the box works
 * on the home network only and starts no MQTT client. Otherwise {@code tcp://host:port} or
 * {@code ssl://host:port} (the JVM's trust store, plus the PEM certificates in {@code caFile} when
 * set); {@code deviceId} is the box's name on the broker and its MQTT client id, so it must stay the
 * same across restarts. The password comes from {@code password} or, so that the secret need not sit
 * in the environment, from the first line of {@code passwordFile}. Instead of a password, or besides it, an
 * {@code ssl://} link may present a client certificate: {@code certFile} (PEM, the box's certificate first,
 * then any CA between it and the broker's) with its private key in {@code keyFile} (PEM: PKCS#8, SEC1 EC or
 * PKCS#1 RSA, without a passphrase), as AWS IoT Core and a Mosquitto with {@code require_certificate} want. {@code sessionExpiryS} is how long
 * the broker keeps the box's session (its subscriptions and what arrives for it) while it is away: a
 * night offline must not lose it.
 */
public record CloudSettings(
        String url,
        String deviceId,
        String username,
        String password,
        String passwordFile,
        long sessionExpiryS,
        int keepAliveS,
        String caFile,
        String certFile,
        String keyFile) {
    public CloudSettings {
        url = url == null ? "" : url.strip();
        deviceId = deviceId == null ? "" : deviceId.strip();
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        passwordFile = passwordFile == null ? "" : passwordFile.strip();
        caFile = caFile == null ? "" : caFile.strip();
        certFile = certFile == null ? "" : certFile.strip();
        keyFile = keyFile == null ? "" : keyFile.strip();
        if (!url.isEmpty()) {
            checkUrl(url);
            EdgeConfig.require(
                    !deviceId.isEmpty(),
                    "omb.cloud.device-id (OMB_CLOUD_DEVICE_ID) must be set when omb.cloud.url is: "
                            + "the box's name on the broker, 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
        }
        // Topics' own rule: the id is a topic level, so +, # or / would change which topics the box
        // publishes to and listens on.
        EdgeConfig.require(
                deviceId.isEmpty() || org.openmusicbox.protocol.v1.mqtt.Topics.isDeviceId(deviceId),
                "omb.cloud.device-id (OMB_CLOUD_DEVICE_ID) must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -"
                        + " (no +, # or /), not '" + deviceId + "'");
        EdgeConfig.require(
                password.isEmpty() || passwordFile.isEmpty(),
                "omb.cloud.password and omb.cloud.password-file are both set; keep one");
        if (!passwordFile.isEmpty()) {
            readPasswordFile(passwordFile);
        }
        EdgeConfig.require(
                sessionExpiryS >= 60 && sessionExpiryS <= 4_294_967_295L,
                "omb.cloud.session-expiry-s must be 60..4294967295 (seconds the broker keeps the box's session)");
        EdgeConfig.require(keepAliveS >= 5 && keepAliveS <= 3600, "omb.cloud.keep-alive-s must be 5..3600");
        if (!caFile.isEmpty()) {
            EdgeConfig.require(
                    url.startsWith("ssl://"),
                    "omb.cloud.ca-file is only used with an ssl:// omb.cloud.url, not '" + url + "'");
            EdgeConfig.require(
                    java.nio.file.Files.isReadable(Path.of(caFile)),
                    "omb.cloud.ca-file names no readable file: " + caFile);
        }
        checkCertificate(url, certFile, keyFile);
    }

    /** Whether the box presents a client certificate to the broker. */
    public boolean hasCertificate() {
        return !certFile.isEmpty();
    }

    /** Whether the box has a cloud link at all. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The password to send, from {@code password} or {@code passwordFile}; empty when none. */
    public String secret() {
        return passwordFile.isEmpty() ? password : readPasswordFile(passwordFile);
    }

    /** Never shows the password, so that a logged config does not leak it. */
    @Override
    public String toString() {
        return "Cloud[url=" + url + ", deviceId=" + deviceId + ", username=" + username + ", password="
                + (password.isEmpty() ? "" : "***") + ", passwordFile=" + passwordFile + ", sessionExpiryS="
                + sessionExpiryS + ", keepAliveS=" + keepAliveS + ", caFile=" + caFile + ", certFile=" + certFile
                + ", keyFile=" + keyFile + "]";
    }

    private static void checkUrl(String url) {
        String rule = "omb.cloud.url (OMB_CLOUD_URL) must be empty (no cloud) or tcp://host:port or "
                + "ssl://host:port, not '" + url + "'";
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new EdgeConfig.InvalidConfigException(rule);
        }
        EdgeConfig.require(
                ("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme()))
                        && uri.getHost() != null
                        && uri.getUserInfo() == null
                        && (uri.getPath() == null || uri.getPath().isEmpty())
                        && uri.getQuery() == null
                        && uri.getFragment() == null
                        && uri.getPort() <= 65535,
                rule);
    }

    /** Both or neither, with ssl:// only, readable; what they hold is read when the link is built (CloudTls). */
    private static void checkCertificate(String url, String certFile, String keyFile) {
        if (certFile.isEmpty() && keyFile.isEmpty()) {
            return;
        }
        EdgeConfig.require(
                !certFile.isEmpty() && !keyFile.isEmpty(),
                "omb.cloud.cert-file and omb.cloud.key-file go together (the box's certificate and its private key);"
                        + " only " + (certFile.isEmpty() ? "omb.cloud.key-file" : "omb.cloud.cert-file") + " is set");
        EdgeConfig.require(
                url.startsWith("ssl://"),
                "omb.cloud.cert-file and omb.cloud.key-file are only used with an ssl:// omb.cloud.url, not '" + url
                        + "'");
        EdgeConfig.require(
                java.nio.file.Files.isReadable(Path.of(certFile)),
                "omb.cloud.cert-file names no readable file: " + certFile);
        EdgeConfig.require(
                java.nio.file.Files.isReadable(Path.of(keyFile)),
                "omb.cloud.key-file names no readable file: " + keyFile
                        + " (the box's service user must be able to read it)");
    }

    private static String readPasswordFile(String file) {
        try {
            String text = java.nio.file.Files.readString(Path.of(file), java.nio.charset.StandardCharsets.UTF_8);
            // The first line: an editor's trailing newline is not part of the secret.
            String first = text.lines().findFirst().orElse("");
            EdgeConfig.require(!first.isEmpty(), "omb.cloud.password-file " + file + " is empty");
            return first;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new EdgeConfig.InvalidConfigException(
                    "omb.cloud.password-file cannot be read: " + file + " (" + e + ")", e);
        }
    }
}
