/**
 * The Socket.IO endpoint on netty-socketio: the checks in front of the library (Engine.IO requests,
 * CONNECT, origins, event budgets) and the events clients send; it also delivers the box's events to rooms.
 */
package org.openmusicbox.edge.api.socketio;
