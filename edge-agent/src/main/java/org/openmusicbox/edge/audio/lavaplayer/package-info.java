/**
 * Decoding local audio files with lavaplayer, and cleaning up the native libraries it unpacks.
 */
package org.openmusicbox.edge.audio.lavaplayer;
