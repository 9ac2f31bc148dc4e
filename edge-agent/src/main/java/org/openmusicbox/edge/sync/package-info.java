/**
 * The box's link to the cloud: port {@link org.openmusicbox.edge.sync.CloudLink} (connect in the background,
 * presence, health), the reconnect policy ({@link org.openmusicbox.edge.sync.Backoff}), what arrives from the cloud
 * ({@link org.openmusicbox.edge.sync.Arrivals}, acknowledged only once handled) and publishing on a connection
 * ({@link org.openmusicbox.edge.sync.Outlet}). The sync traffic on it ({@link org.openmusicbox.edge.sync.CloudTraffic}):
 * the outbox sent on {@code sync/changes} until its results arrive ({@link org.openmusicbox.edge.sync.OutboxDrain}),
 * and the cloud's log pulled from the cursor into {@link org.openmusicbox.edge.sync.CloudChanges}
 * ({@link org.openmusicbox.edge.sync.LogPull}). The broker client is an adapter below ({@code paho}).
 */
package org.openmusicbox.edge.sync;
