package org.openmusicbox.edge.sync;

/**
 * What the cloud sends the box on its subscriptions. Called on the MQTT client's thread: an implementation
 * hands real work to the box's inbox and returns quickly.
 */
public interface Arrivals {

    void arrived(String topic, byte[] payload);
}
