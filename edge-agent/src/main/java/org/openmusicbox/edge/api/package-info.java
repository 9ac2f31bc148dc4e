/**
 * The two endpoints parents and pages talk to, HTTP in {@code api.http} and Socket.IO in {@code api.socketio},
 * and the strict reading of a client's JSON they share. Endpoints call the box; the box never calls them.
 */
package org.openmusicbox.edge.api;
