package org.openmusicbox.edge.sync;

/**
 * Publishing on one connection to the broker, at QoS 1. Never waits for the broker, so the box's threads may call
 * it. A publish that returns true was handed to the MQTT client; whether the cloud did anything with it is for the
 * cloud's answer to say, never for the broker's PUBACK.
 */
@FunctionalInterface
public interface Outlet {

    /** False when nothing was sent: the connection is gone, or the client holds as many messages as it may. */
    boolean publish(String topic, byte[] payload);

    /**
     * As {@link #publish}, and the broker keeps the message for whoever subscribes later, in place of the one it
     * kept before on that topic. False where the outlet cannot keep messages (a test's).
     */
    default boolean publishRetained(String topic, byte[] payload) {
        return false;
    }
}
