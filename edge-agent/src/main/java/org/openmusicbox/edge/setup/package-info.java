/**
 * The first run: a new box is claimed by a parent who names it, chooses a parent code and proves they stand
 * at the box (a button press or a tag within a minute); a forgotten code is reset by a gesture at the box.
 */
package org.openmusicbox.edge.setup;
