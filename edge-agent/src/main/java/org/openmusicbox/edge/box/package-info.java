/**
 * The box's state and its one writer: the inbox thread, the player, playlists, tag play and tag linking.
 * Every state event they raise goes out through {@code events}.
 */
package org.openmusicbox.edge.box;
