/**
 * How a piece of hardware is doing, as health reports it.
 */
package org.openmusicbox.edge.device;
