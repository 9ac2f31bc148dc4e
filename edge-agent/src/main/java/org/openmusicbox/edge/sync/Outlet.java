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

    /**
     * At QoS 0: for what is worth having only now (mirrored state, superseded by the next event), so nothing waits in
     * the client for a PUBACK. False where the outlet cannot (a test's).
     */
    default boolean publishAtMostOnce(String topic, byte[] payload) {
        return false;
    }

    /**
     * An answer to a command, at QoS 1, with the command's MQTT 5 correlation data echoed so the asker can match it.
     * An outlet without MQTT 5 properties (a test's) publishes it plainly.
     */
    default boolean reply(String topic, byte[] payload, byte[] correlationData) {
        return publish(topic, payload);
    }
}
