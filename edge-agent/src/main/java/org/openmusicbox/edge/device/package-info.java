/**
 * How a piece of hardware, or a link to the outside, is doing, as health reports it.
 */
package org.openmusicbox.edge.device;
