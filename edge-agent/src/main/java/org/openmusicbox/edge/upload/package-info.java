/**
 * Songs sent from a phone in chunks: sessions, the chunks on the card, assembling, hashing and
 * recognising the file, and finalizing it into a track. Tag reading and session storage are ports.
 */
package org.openmusicbox.edge.upload;
