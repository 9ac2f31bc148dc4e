/**
 * The box's state and its one writer: the inbox thread, the player, playlists, tag play and tag linking,
 * and the event plumbing (sequencer, history, catch-up, broadcaster) every state event passes through.
 */
package org.openmusicbox.edge.box;
