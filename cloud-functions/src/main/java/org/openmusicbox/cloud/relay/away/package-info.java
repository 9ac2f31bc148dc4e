/**
 * What a parent away from home gets from the cloud without going through the box: uploads straight to the media
 * store ({@link org.openmusicbox.cloud.relay.away.AwayUploads}), and, while the box is offline, its library read
 * from and edited in the cloud's replica ({@link org.openmusicbox.cloud.relay.away.OfflineLibrary},
 * {@link org.openmusicbox.cloud.relay.away.OfflineEdits}). The relay gives it one thing, {@link
 * org.openmusicbox.cloud.relay.away.Phones}; {@link org.openmusicbox.cloud.relay.away.AwayRoutes} puts the
 * handlers on their paths behind that check.
 */
package org.openmusicbox.cloud.relay.away;
