/**
 * The cloud link over MQTT 5 with Eclipse Paho: {@link org.openmusicbox.edge.sync.paho.PahoCloudLink}, the
 * reasons of a failure in words ({@link org.openmusicbox.edge.sync.paho.Reasons}) and the link's sockets, with the
 * trust and the box's own certificate for an {@code ssl://} broker ({@link org.openmusicbox.edge.sync.paho.CloudTls}).
 * No Paho type leaves this package.
 */
package org.openmusicbox.edge.sync.paho;
