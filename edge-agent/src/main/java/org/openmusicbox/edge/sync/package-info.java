/**
 * The box's link to the cloud: port {@link org.openmusicbox.edge.sync.CloudLink} (connect in the background,
 * presence, health), the reconnect policy ({@link org.openmusicbox.edge.sync.Backoff}) and what arrives from the
 * cloud ({@link org.openmusicbox.edge.sync.Arrivals}). The broker client is an adapter below ({@code paho}).
 */
package org.openmusicbox.edge.sync;
