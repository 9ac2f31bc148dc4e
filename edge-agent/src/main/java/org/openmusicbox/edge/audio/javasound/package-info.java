/**
 * The sound card through Java Sound (ALSA on Linux).
 */
package org.openmusicbox.edge.audio.javasound;
