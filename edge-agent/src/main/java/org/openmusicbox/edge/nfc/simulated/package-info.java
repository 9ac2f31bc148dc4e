/**
 * The reader used without NFC hardware, whose tags are placed and lifted over HTTP.
 */
package org.openmusicbox.edge.nfc.simulated;
