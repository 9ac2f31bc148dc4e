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
     * The link is connected and subscribed; {@code outlet} publishes on this connection only. Called on every
     * connect, so a reconnect is seen as a new connection.
     */
    default void connected(Outlet outlet) {}

    /** The connection is gone (or the link stops); the last outlet given no longer publishes. */
    default void lost() {}

    /** Tells the broker that one message was handled (MQTT 5 PUBACK); any thread, at most once. */
    @FunctionalInterface
    interface Receipt {

        void handled();
    }
}
