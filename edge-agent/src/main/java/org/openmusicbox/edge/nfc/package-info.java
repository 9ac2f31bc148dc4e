/**
 * The NFC reader port: a tag placed and lifted, the tag's UID, and the choice of reader.
 */
package org.openmusicbox.edge.nfc;
