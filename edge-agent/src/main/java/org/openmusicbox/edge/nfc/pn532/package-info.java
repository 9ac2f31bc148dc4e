/**
 * The PN532 reader on I2C through pi4j: the chip's frame protocol and the polling thread that turns
 * what it sees into placed and lifted.
 */
package org.openmusicbox.edge.nfc.pn532;
