/**
 * The buttons and rotary encoder on the Raspberry Pi's GPIO through pi4j: board probing, pin wiring,
 * debouncing and the encoder's decoding.
 */
package org.openmusicbox.edge.controls.pi4j;
