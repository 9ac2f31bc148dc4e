package org.openmusicbox.cloud.mqtt;

/**
 * The MQTT 5 properties of one QoS 1 publish beyond its topic and payload: the request/response pair of a command,
 * a message expiry (the broker drops what it could not deliver in time), and the retained flag.
 *
 * @param expirySeconds null for none
 */
public record Envelope(String responseTopic, byte[] correlationData, Long expirySeconds, boolean retained) {

    public static final Envelope PLAIN = new Envelope(null, null, null, false);

    public Envelope {
        if (expirySeconds != null && expirySeconds <= 0) {
            throw new IllegalArgumentException("message expiry must be above 0 s, was " + expirySeconds);
        }
    }

    /** A command: answered on {@code responseTopic}, dropped by the broker after {@code expirySeconds}. */
    public static Envelope command(String responseTopic, byte[] correlationData, long expirySeconds) {
        return new Envelope(responseTopic, correlationData, expirySeconds, false);
    }

    /** Retained, and gone from the broker once {@code expirySeconds} passed without a newer one. */
    public static Envelope retained(long expirySeconds) {
        return new Envelope(null, null, expirySeconds, true);
    }
}
