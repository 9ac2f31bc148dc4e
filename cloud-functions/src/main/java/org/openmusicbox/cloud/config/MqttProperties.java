package org.openmusicbox.cloud.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omb.mqtt.*}: the broker connection of the cloud instance.
 *
 * @param url            broker URI, {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId       MQTT client id; keep it stable per instance (for example the host name) so that the
 *                       persistent session and the messages queued in it survive a restart. Empty: a random
 *                       {@code omb-cloud-xxxxxxxx}, whose session is dropped when the instance stops
 * @param enabled        false on AWS Lambda, where a function is invoked directly and no broker client runs
 * @param shareGroup     shared-subscription group; instances in the same group split the device messages
 * @param sessionExpiry  how long the broker keeps this instance's session (and its queued messages) while it
 *                       is away; at most 60 s with a random client id
 * @param maxInFlight    messages handled at the same time; also the MQTT 5 receive maximum, so the broker never
 *                       sends more unacknowledged messages than this
 * @param handlerTimeout longest a handler may run before its message is answered as failed
 * @param caFile         with {@code ssl://}: CA certificates trusted besides the JVM's (a self-hosted broker's own CA)
 * @param clientCert     with {@code ssl://}: this instance's certificate, then any CA between it and the broker's
 *                       trusted one, for a broker that wants a client certificate (AWS IoT Core); with
 *                       {@code clientKey}, its private key (PKCS#8, SEC1 EC or PKCS#1 RSA, no passphrase). Each of
 *                       the three is the path of a PEM file or, when it starts with {@code -----BEGIN}, the PEM text
 *                       itself, so that a container can take the key from a secret environment variable
 *                       ({@code OMB_MQTT_CLIENT_KEY})
 */
@ConfigurationProperties("omb.mqtt")
public record MqttProperties(
        String url,
        String username,
        String password,
        String clientId,
        boolean enabled,
        String shareGroup,
        Duration sessionExpiry,
        int maxInFlight,
        Duration handlerTimeout,
        String caFile,
        String clientCert,
        String clientKey) {

    public MqttProperties {
        url = blankTo(url, "tcp://127.0.0.1:1883");
        username = blankTo(username, null);
        password = blankTo(password, null);
        clientId = blankTo(clientId, null);
        shareGroup = blankTo(shareGroup, "omb-cloud");
        sessionExpiry = sessionExpiry == null ? Duration.ofHours(1) : sessionExpiry;
        maxInFlight = maxInFlight <= 0 ? 16 : maxInFlight;
        handlerTimeout = handlerTimeout == null ? Duration.ofMinutes(2) : handlerTimeout;
        caFile = blankTo(caFile, null);
        clientCert = blankTo(clientCert, null);
        clientKey = blankTo(clientKey, null);
        if (shareGroup.contains("/") || shareGroup.contains("+") || shareGroup.contains("#")) {
            throw new IllegalArgumentException("omb.mqtt.share-group must not contain '/', '+' or '#': " + shareGroup);
        }
        if (maxInFlight > 65535) {
            throw new IllegalArgumentException("omb.mqtt.max-in-flight must be at most 65535: " + maxInFlight);
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("omb.mqtt.client-cert and omb.mqtt.client-key go together (the"
                    + " certificate and its private key); only omb.mqtt.client-" + (clientCert == null ? "key" : "cert")
                    + " is set");
        }
        if ((caFile != null || clientCert != null) && !url.startsWith("ssl://")) {
            throw new IllegalArgumentException("omb.mqtt.ca-file, omb.mqtt.client-cert and omb.mqtt.client-key are"
                    + " only used with an ssl:// omb.mqtt.url, not " + url);
        }
    }

    /** The settings without the password or a key given as text, for logs. */
    @Override
    public String toString() {
        return "MqttProperties[url=" + url + ", username=" + username + ", password=" + (password == null ? "" : "***")
                + ", clientId=" + clientId + ", enabled=" + enabled + ", shareGroup=" + shareGroup + ", sessionExpiry="
                + sessionExpiry + ", maxInFlight=" + maxInFlight + ", handlerTimeout=" + handlerTimeout + ", caFile="
                + shown(caFile) + ", clientCert=" + shown(clientCert) + ", clientKey=" + shown(clientKey) + "]";
    }

    /** A value as a message may show it: a path as it is, PEM text only as such (it may be a key). */
    public static String shown(String pathOrPem) {
        return pathOrPem == null ? "" : pathOrPem.stripLeading().startsWith("-----BEGIN") ? "(PEM text)" : pathOrPem;
    }

    /** True when {@code client-id} was configured, so the session is kept for the next start. */
    public boolean stableClientId() {
        return clientId != null;
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
