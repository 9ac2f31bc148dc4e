/**
 * An audio output that writes what plays to a WAV file, for machines without a sound card.
 */
package org.openmusicbox.edge.audio.file;
