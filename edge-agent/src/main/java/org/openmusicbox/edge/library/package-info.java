/**
 * The library port: playlists, tracks and tag links, the audio files on the card, and the check of both
 * after a start.
 */
package org.openmusicbox.edge.library;
