/**
 * Remote access through a relay: the commands a relay sends on a phone's behalf (applied once, answered on the
 * relay's reply topic), the relays' viewer counts, and the box's events mirrored to them while anyone watches.
 */
package org.openmusicbox.edge.remote;
