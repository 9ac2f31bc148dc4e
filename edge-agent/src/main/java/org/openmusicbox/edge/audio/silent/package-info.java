/**
 * An audio output that plays nothing, at real-time pace, when no sound device is usable.
 */
package org.openmusicbox.edge.audio.silent;
