/**
 * The audio room: the deck that plays one track at a time, the decoder and output ports, and the one PCM
 * format between them. What the player does (play order, resume, sleep timer) lives in {@code box}.
 */
package org.openmusicbox.edge.audio;
