package org.openmusicbox.edge.sync;

/**
 * What the cloud link tells the box: each message on its subscriptions, and each connection that begins or ends.
 * Called on the link's threads (Paho's callback thread for messages): an implementation hands real work to a thread
 * of its own and returns quickly.
 */
public interface Arrivals {

    /**
     * A message from the cloud. The broker takes it as delivered only once {@code receipt} says it was handled: a box
     * that stops before that (a crash mid-apply, a lost connection) gets it again on its next connection.
     */
    void arrived(String topic, byte[] payload, Receipt receipt);

    /**
     * As above, with the message's MQTT 5 properties: a command's response topic and correlation data, which its
     * reply must carry. A decorator that passes messages on overrides this one, so the properties reach whoever
     * answers; the default drops them, which is right for a room that answers nothing.
     */
    default void arrived(String topic, byte[] payload, Properties properties, Receipt receipt) {
        arrived(topic, payload, receipt);
    }

    /**
     * The link is connected and subscribed; {@code outlet} publishes on this connection only. Called on every
     * connect, so a reconnect is seen as a new connection.
     */
    default void connected(Outlet outlet) {}

    /** The connection is gone (or the link stops); the last outlet given no longer publishes. */
    default void lost() {}

    /**
     * What MQTT 5 said about one message besides its topic and payload.
     *
     * @param responseTopic where the sender wants the answer, or null
     * @param correlationData to echo in the answer, or null
     * @param expirySeconds the message expiry left when it arrived, or null when it has none
     */
    record Properties(String responseTopic, byte[] correlationData, Long expirySeconds) {

        public static final Properties NONE = new Properties(null, null, null);
    }

    /** Tells the broker that one message was handled (MQTT 5 PUBACK); any thread, at most once. */
    @FunctionalInterface
    interface Receipt {

        void handled();
    }
}
