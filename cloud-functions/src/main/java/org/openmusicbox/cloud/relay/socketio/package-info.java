/**
 * The phones' Socket.IO v4 connections through the relay (netty-socketio, only in this package), on the same port
 * as the page and API: {@link SocketHandOver} takes {@code /boxes/{id}/socket.io/} off Reactor Netty's pipeline.
 */
package org.openmusicbox.cloud.relay.socketio;
