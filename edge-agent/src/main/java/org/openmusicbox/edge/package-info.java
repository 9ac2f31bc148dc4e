/**
 * The composition root, {@link org.openmusicbox.edge.EdgeAgent}: the one class that builds every room and wires
 * them together. Nothing imports it; whatever a room needs is handed to it here.
 */
package org.openmusicbox.edge;
