/**
 * The physical controls port: buttons and the volume knob, and the stand-in when there are none.
 */
package org.openmusicbox.edge.controls;
