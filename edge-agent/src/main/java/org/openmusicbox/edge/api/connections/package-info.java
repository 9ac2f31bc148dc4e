/**
 * What both ports do to a connection before any request is read: caps per address and in total, the
 * open-file limit, HTTP read deadlines, and Socket.IO sharing the HTTP port.
 */
package org.openmusicbox.edge.api.connections;
